package org.thinspice.engine.it;

/** {@link DesktopPixelBase} with spice-server's default {@code image-compression=auto_glz}. */
class DesktopPixelGlzIT extends DesktopPixelBase {
    @Override
    String compression() {
        return "auto_glz";
    }
}
