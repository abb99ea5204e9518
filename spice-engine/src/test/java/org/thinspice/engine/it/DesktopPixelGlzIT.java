package org.thinspice.engine.it;

import org.thinspice.engine.display.ImageResolver;

/** {@link DesktopPixelBase} with spice-server's default {@code image-compression=auto_glz}. */
class DesktopPixelGlzIT extends DesktopPixelBase {
    @Override
    String compression() {
        return "auto_glz";
    }

    @Override
    int compressionImageType() {
        return ImageResolver.GLZ_RGB;
    }
}
