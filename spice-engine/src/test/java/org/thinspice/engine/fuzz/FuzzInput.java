package org.thinspice.engine.fuzz;

/**
 * The corpus format of the image-decoder targets: u16 width, u16 height (little-endian, taken modulo a
 * small cap so the fuzzer spends its time in the codecs, not in allocation), then the codec payload.
 */
record FuzzInput(int width, int height, byte[] data, int offset, int length) {
    static final int MAX_SIDE = 512;

    static FuzzInput of(byte[] in) {
        if (in.length < 4) {
            return new FuzzInput(1, 1, in, 0, 0);
        }
        int w = ((in[0] & 0xFF) | (in[1] & 0xFF) << 8) % MAX_SIDE + 1;
        int h = ((in[2] & 0xFF) | (in[3] & 0xFF) << 8) % MAX_SIDE + 1;
        return new FuzzInput(w, h, in, 4, in.length - 4);
    }
}
