package org.thinspice.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.image.BitmapDecoder;
import org.thinspice.engine.image.GlzDecoder;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.image.JpegDecoder;
import org.thinspice.engine.image.Lz4Decoder;
import org.thinspice.engine.image.LzDecoder;
import org.thinspice.engine.image.QuicDecoder;
import org.thinspice.engine.image.ZlibGlzDecoder;

import java.time.Duration;

/**
 * Jazzer targets for every image decoder. A decoder may reject its input only with a
 * {@link SpiceException}; any other exception, a hang or an out-of-memory is a finding. Without
 * JAZZER_FUZZ=1 each target replays its corpus under src/test/resources (seeded with real fixtures)
 * as ordinary tests. Inputs: see {@link FuzzInput}.
 */
class ImageDecoderFuzzTest {
    /** A GLZ window whose images 0..2 exist, so cross-image references are exercised. */
    private static GlzWindow window() {
        GlzWindow w = new GlzWindow(1 << 16, Duration.ZERO);
        try {
            for (int id = 0; id < 3; id++) {
                GlzDecoder.decode(GlzSeeds.solid(id, 4, 4), 0, GlzSeeds.solid(id, 4, 4).length, 4, 4, w);
            }
        } catch (SpiceException e) {
            throw new IllegalStateException(e);
        }
        return w;
    }

    @FuzzTest(maxDuration = "30s")
    void quic(byte[] in) {
        FuzzInput f = FuzzInput.of(in);
        try {
            QuicDecoder.decode(f.data(), f.offset(), f.length(), f.width(), f.height());
        } catch (SpiceException expected) {
            // malformed input rejected as it must be
        }
    }

    @FuzzTest(maxDuration = "30s")
    void lzRgb(byte[] in) {
        FuzzInput f = FuzzInput.of(in);
        try {
            LzDecoder.decodeRgb(f.data(), f.offset(), f.length(), f.width(), f.height());
        } catch (SpiceException expected) {
            // rejected
        }
    }

    @FuzzTest(maxDuration = "30s")
    void lzPalette(byte[] in) {
        FuzzInput f = FuzzInput.of(in);
        int[] palette = new int[in.length > 4 ? (in[4] & 0xFF) + 1 : 16];
        for (int i = 0; i < palette.length; i++) {
            palette[i] = 0xFF000000 | i * 0x010101;
        }
        try {
            LzDecoder.decodePalette(f.data(), f.offset(), f.length(), f.width(), f.height(), palette);
        } catch (SpiceException expected) {
            // rejected
        }
    }

    @FuzzTest(maxDuration = "30s")
    void glz(byte[] in) {
        FuzzInput f = FuzzInput.of(in);
        try {
            GlzDecoder.decode(f.data(), f.offset(), f.length(), f.width(), f.height(), window());
        } catch (SpiceException expected) {
            // rejected
        }
    }

    @FuzzTest(maxDuration = "30s")
    void zlibGlz(byte[] in) {
        FuzzInput f = FuzzInput.of(in);
        try {
            ZlibGlzDecoder.decode(f.data(), f.offset(), f.length(), f.width(), f.height(), window());
        } catch (SpiceException expected) {
            // rejected
        }
    }

    @FuzzTest(maxDuration = "30s")
    void lz4(byte[] in) {
        FuzzInput f = FuzzInput.of(in);
        try {
            Lz4Decoder.decode(f.data(), f.offset(), f.length(), f.width(), f.height());
        } catch (SpiceException expected) {
            // rejected
        }
    }

    /** Input: u16 w, u16 h, u8 format, u8 flags (bit 0 top-down), u16 stride, then the bits. */
    @FuzzTest(maxDuration = "30s")
    void bitmap(byte[] in) {
        FuzzInput f = FuzzInput.of(in);
        if (f.length() < 4) {
            return;
        }
        int p = f.offset();
        int format = in[p] & 0xFF;
        boolean topDown = (in[p + 1] & 1) != 0;
        int stride = (in[p + 2] & 0xFF) | (in[p + 3] & 0xFF) << 8;
        int[] palette = new int[256];
        try {
            BitmapDecoder.decode(format, topDown, f.width(), f.height(), stride, in, p + 4, f.length() - 4,
                    (in[p + 1] & 2) != 0 ? null : palette);
        } catch (SpiceException expected) {
            // rejected
        }
    }

    /** Input: a JPEG stream as the wire carries it (dimensions come from the stream). */
    @FuzzTest(maxDuration = "30s")
    void jpeg(byte[] in) {
        try {
            JpegDecoder.decode(in, 0, in.length);
        } catch (SpiceException expected) {
            // rejected
        }
    }
}
