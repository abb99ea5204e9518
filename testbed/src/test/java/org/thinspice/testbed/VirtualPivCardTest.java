package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The virtual card answers long objects in 61xx + GET RESPONSE pieces that honour each command's Le. */
class VirtualPivCardTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SELECT = HEX.parseHex("00A4040009A00000030800001000");
    private static final byte[] GET_CERT = HEX.parseHex("00CB3FFF055C035FC10500");

    private static int sw(byte[] r) {
        return ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
    }

    private static byte[] data(byte[] r) {
        return Arrays.copyOf(r, r.length - 2);
    }

    private static byte[] getResponse(int le) {
        return new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, (byte) le};
    }

    private static VirtualPivCard selected() {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, "123456", 3);
        assertEquals(0x9000, sw(card.process(SELECT)));
        return card;
    }

    @Test
    void getResponseReturnsAtMostLeAndSays61xxForTheRest() throws Exception {
        VirtualPivCard card = selected();
        byte[] first = card.process(GET_CERT);
        assertEquals(256, first.length - 2, "Le=00 in a short APDU means 256");
        assertEquals(0x61, sw(first) >> 8);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(data(first));
        byte[] r = card.process(getResponse(0x10));
        assertEquals(16, r.length - 2, "GET RESPONSE with Le=0x10 gets 16 bytes");
        assertEquals(0x61, sw(r) >> 8, "and 61xx for what is left");
        all.writeBytes(data(r));
        int rounds = 0;
        while ((sw(r) >> 8) == 0x61) {
            int left = sw(r) & 0xFF;
            r = card.process(getResponse(0)); // Le=0: 256 at most
            assertEquals(Math.min(left == 0 ? 256 : left, 256), r.length - 2, "61xx announced what came next");
            assertEquals(true, r.length - 2 <= 256);
            all.writeBytes(data(r));
            rounds++;
        }
        assertEquals(0x9000, sw(r));
        assertEquals(true, rounds >= 2, "an RSA certificate object needs more than 256 + 16 + 256 bytes");
        byte[] object = all.toByteArray();
        assertEquals(0x53, object[0] & 0xFF);
        byte[] der = card.certificate().getEncoded();
        assertEquals(true, Collections.indexOf(object, der) > 0, "the pieces join to the object holding the certificate");
        assertEquals(0x6985, sw(card.process(getResponse(0))), "nothing left to get");
    }

    @Test
    void aGetResponseLeLargerThanWhatIsLeftGetsWhatIsLeft() {
        VirtualPivCard card = selected();
        byte[] first = card.process(HEX.parseHex("00CB3FFF055C035FC10510")); // Le=0x10
        assertEquals(16, first.length - 2);
        assertEquals(0x61, sw(first) >> 8);
        byte[] r = card.process(getResponse(0));
        int got = 16;
        while ((sw(r) >> 8) == 0x61) {
            got += r.length - 2;
            r = card.process(getResponse(0xFF));
            assertEquals(true, r.length - 2 <= 255);
        }
        got += r.length - 2;
        assertEquals(0x9000, sw(r));
        byte[] whole = selected().process(HEX.parseHex("00CB3FFF0000055C035FC1050000")); // extended Lc and Le: one answer
        assertEquals(0x9000, sw(whole));
        assertEquals(whole.length - 2, got, "the pieces add up to the whole object");
    }

    /** Index of {@code needle} in {@code hay}, or -1. */
    private static final class Collections {
        static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
