package org.thinspice.engine.bench;

import org.thinspice.engine.image.JpegDecoders;
import org.thinspice.engine.image.JpegFrameDecoder;
import org.thinspice.engine.image.JpegStreamDecoder;

/**
 * The JPEG decoder variants the decode benchmarks compare in one run: {@code java-fancy}, {@code java-plain},
 * {@code turbojpeg-fancy}, {@code turbojpeg-plain}, {@code turbojpeg-fastdct-plain} (fancy = libjpeg's default
 * chroma upsampling, plain = replicated chroma as spice-gtk's MJPEG path; fastdct = TurboJPEG's fast IDCT).
 */
final class JpegBenchDecoders {
    private JpegBenchDecoders() {
    }

    static JpegFrameDecoder make(String variant) {
        boolean fancy = variant.endsWith("-fancy");
        if (variant.startsWith("java-")) {
            return new JpegStreamDecoder(fancy);
        }
        JpegDecoders.Backend b = JpegDecoders.select("turbojpeg",
                System.getProperty(JpegDecoders.PROPERTY_LIBRARY, JpegDecoders.DEFAULT_LIBRARY));
        if (!b.isNative()) {
            throw new IllegalStateException("benchmark " + variant + " needs TurboJPEG: " + b.description());
        }
        return fancy ? b.forImages() : b.forStream(variant.contains("-fastdct-"));
    }
}
