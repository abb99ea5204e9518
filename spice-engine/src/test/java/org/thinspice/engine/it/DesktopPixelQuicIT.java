package org.thinspice.engine.it;

import org.thinspice.engine.display.ImageResolver;

/** {@link DesktopPixelBase} with {@code image-compression=quic}. */
class DesktopPixelQuicIT extends DesktopPixelBase {
    @Override
    String compression() {
        return "quic";
    }

    @Override
    int compressionImageType() {
        return ImageResolver.QUIC;
    }
}
