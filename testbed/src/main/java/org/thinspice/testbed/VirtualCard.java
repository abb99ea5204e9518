package org.thinspice.testbed;

/** A card behind {@link VpcdCard}: its ATR, its answer to each command APDU, and what a power cycle resets. */
public interface VirtualCard {
    byte[] atr();

    /** Answers one command APDU with response data followed by SW1 SW2. */
    byte[] process(byte[] apdu);

    /** Power off or reset. */
    void reset();

    /** A card with no PIV application (think: a bank or transit card): SELECT of any AID answers 6A82. */
    static VirtualCard withoutPiv() {
        return new VirtualCard() {
            @Override
            public byte[] atr() {
                return new byte[] {0x3B, (byte) 0x88, (byte) 0x80, 0x01, 'N', 'O', 'T', 'A', 'U', 'K', 'E', 'Y', 0x00};
            }

            @Override
            public byte[] process(byte[] apdu) {
                return apdu.length >= 2 && apdu[1] == (byte) 0xA4 ? new byte[] {0x6A, (byte) 0x82} : new byte[] {0x6D, 0x00};
            }

            @Override
            public void reset() {
            }
        };
    }
}
