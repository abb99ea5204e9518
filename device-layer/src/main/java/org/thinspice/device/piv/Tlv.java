package org.thinspice.device.piv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * BER-TLV as PIV uses it: tags of one to three bytes, definite lengths of up to three bytes. Every length is
 * checked against the bytes actually present before anything is copied.
 */
public final class Tlv {
    private Tlv() {
    }

    /** One element: tag, and where its value lies in the buffer it was read from. */
    public record Element(int tag, int valueOffset, int valueLength) {
        public int end() {
            return valueOffset + valueLength;
        }
    }

    /** Reads the element that starts at {@code at} in {@code b[0..limit)}. */
    public static Element read(byte[] b, int at, int limit) throws PivException {
        if (at >= limit) {
            throw malformed("a TLV element is cut off");
        }
        int tag = b[at++] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            for (int i = 0; ; i++) {
                if (at >= limit || i == 2) {
                    throw malformed("a TLV tag is cut off or longer than 3 bytes");
                }
                int next = b[at++] & 0xFF;
                tag = (tag << 8) | next;
                if ((next & 0x80) == 0) {
                    break;
                }
            }
        }
        if (at >= limit) {
            throw malformed("a TLV length is cut off");
        }
        int len = b[at++] & 0xFF;
        if (len == 0x80 || len > 0x83) {
            throw malformed("a TLV length form is not supported");
        }
        if (len > 0x80) {
            int n = len & 0x7F;
            if (at + n > limit) {
                throw malformed("a TLV length is cut off");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (b[at++] & 0xFF);
            }
        }
        if (len > limit - at) {
            throw malformed("a TLV value claims " + len + " bytes, only " + (limit - at) + " follow");
        }
        return new Element(tag, at, len);
    }

    /** The value of the first element tagged {@code tag} among the elements in {@code b[from..to)}, or null. */
    public static byte[] find(byte[] b, int from, int to, int tag) throws PivException {
        int at = from;
        while (at < to) {
            Element e = read(b, at, to);
            if (e.tag() == tag) {
                return Arrays.copyOfRange(b, e.valueOffset(), e.end());
            }
            at = e.end();
        }
        return null;
    }

    /** The value of {@code b} when it is exactly one element tagged {@code tag} (trailing bytes refused). */
    public static byte[] only(byte[] b, int tag) throws PivException {
        Element e = read(b, 0, b.length);
        if (e.tag() != tag) {
            throw malformed(String.format("expected tag %X, got %X", tag, e.tag()));
        }
        if (e.end() != b.length) {
            throw malformed("bytes after the TLV element");
        }
        return Arrays.copyOfRange(b, e.valueOffset(), e.end());
    }

    /** Encodes one element. */
    public static byte[] encode(int tag, byte[] value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(value.length + 8);
        if (tag > 0xFFFF) {
            o.write(tag >> 16);
        }
        if (tag > 0xFF) {
            o.write(tag >> 8);
        }
        o.write(tag);
        int n = value.length;
        if (n < 0x80) {
            o.write(n);
        } else if (n < 0x100) {
            o.write(0x81);
            o.write(n);
        } else if (n < 0x10000) {
            o.write(0x82);
            o.write(n >> 8);
            o.write(n);
        } else {
            o.write(0x83);
            o.write(n >> 16);
            o.write(n >> 8);
            o.write(n);
        }
        o.write(value, 0, n);
        return o.toByteArray();
    }

    private static PivException malformed(String what) {
        return new PivException(PivException.Reason.MALFORMED_RESPONSE, "the card's answer does not parse: " + what);
    }
}
