package org.thinspice.engine.it;

/** {@link DesktopPixelBase} with {@code image-compression=quic}. */
class DesktopPixelQuicIT extends DesktopPixelBase {
    @Override
    String compression() {
        return "quic";
    }
}
