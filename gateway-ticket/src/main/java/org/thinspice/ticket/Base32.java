package org.thinspice.ticket;

/**
 * RFC 4648 base32 in lower case without padding: the ticket payload alphabet, chosen because no
 * client or resolver library changes the case of a host name made of it.
 */
public final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /**
     * Decodes canonical lower-case unpadded base32. Non-canonical text (upper case, padding, a
     * length no encoder produces, non-zero trailing bits) is rejected, so one payload has exactly one
     * spelling.
     */
    public static byte[] decode(CharSequence text) throws TicketException {
        int n = text.length();
        int rem = n % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new TicketException(TicketFault.MALFORMED, "base32 length " + n + " is not canonical");
        }
        byte[] out = new byte[n * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int v;
            if (c >= 'a' && c <= 'z') {
                v = c - 'a';
            } else if (c >= '2' && c <= '7') {
                v = c - '2' + 26;
            } else {
                throw new TicketException(TicketFault.MALFORMED, "base32 character not allowed at " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new TicketException(TicketFault.MALFORMED, "base32 has non-zero trailing bits");
        }
        return out;
    }
}
