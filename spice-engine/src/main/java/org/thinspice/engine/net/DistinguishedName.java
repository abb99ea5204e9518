package org.thinspice.engine.net;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A certificate subject as its list of RDNs, in encoding order (most significant first, the order
 * openssl prints and {@code host-subject} is written in). Read from the DER of an X.500 Name; Java's
 * {@code X500Principal} strings reverse the order and hide each value's string type, which
 * spice-common's comparison depends on.
 */
record DistinguishedName(List<List<Attribute>> rdns) {
    /** DER string types OpenSSL canonicalises for comparison (ASN1_MASK_CANON), with their charsets. */
    private static final Map<Integer, Charset> TEXT_TYPES = Map.of(
            0x0C, StandardCharsets.UTF_8,          // UTF8String
            0x13, StandardCharsets.US_ASCII,       // PrintableString
            0x14, StandardCharsets.ISO_8859_1,     // T61String, read as Latin-1 as OpenSSL does
            0x16, StandardCharsets.US_ASCII,       // IA5String
            0x1A, StandardCharsets.US_ASCII,       // VisibleString
            0x1E, StandardCharsets.UTF_16BE,       // BMPString
            0x1C, Charset.forName("UTF-32BE"));    // UniversalString
    private static final int MAX_ATTRIBUTES = 256;

    /**
     * One attribute: dotted OID and the value as text, or {@code text == null} when the value is not one
     * of the string types (it then never equals a {@code host-subject} value, as in OpenSSL).
     */
    record Attribute(String oid, String text) {
    }

    /** Every attribute, RDN by RDN, in order. */
    List<Attribute> attributes() {
        List<Attribute> all = new ArrayList<>();
        rdns.forEach(all::addAll);
        return all;
    }

    /** The values of every attribute with this OID, in order (text ones only). */
    List<String> values(String oid) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes()) {
            if (a.oid.equals(oid) && a.text != null) {
                out.add(a.text);
            }
        }
        return out;
    }

    /** Parses {@code Name ::= SEQUENCE OF SET OF SEQUENCE { OID, ANY }}; every length is bounded by its parent. */
    static DistinguishedName parse(byte[] der) {
        Der name = new Der(der, 0, der.length).enter(0x30);
        List<List<Attribute>> rdns = new ArrayList<>();
        int count = 0;
        while (name.hasMore()) {
            Der set = name.enter(0x31);
            List<Attribute> rdn = new ArrayList<>();
            while (set.hasMore()) {
                if (++count > MAX_ATTRIBUTES) {
                    throw new IllegalArgumentException("more than " + MAX_ATTRIBUTES + " name attributes");
                }
                Der atv = set.enter(0x30);
                String oid = oid(atv.read(0x06));
                int tag = atv.peekTag();
                byte[] value = atv.read(tag);
                Charset cs = TEXT_TYPES.get(tag);
                rdn.add(new Attribute(oid, cs == null ? null : new String(value, cs)));
            }
            rdns.add(List.copyOf(rdn));
        }
        return new DistinguishedName(List.copyOf(rdns));
    }

    /** Dotted form of a DER OBJECT IDENTIFIER body. */
    static String oid(byte[] body) {
        if (body.length == 0 || body.length > 64) {
            throw new IllegalArgumentException("bad OID length " + body.length);
        }
        StringBuilder s = new StringBuilder();
        long v = 0;
        boolean first = true;
        for (byte b : body) {
            if (v > (Long.MAX_VALUE >> 7)) {
                throw new IllegalArgumentException("OID arc too large");
            }
            v = (v << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(v / 40, 2);
                    s.append(top).append('.').append(v - top * 40);
                    first = false;
                } else {
                    s.append('.').append(v);
                }
                v = 0;
            }
        }
        if ((body[body.length - 1] & 0x80) != 0) {
            throw new IllegalArgumentException("truncated OID");
        }
        return s.toString();
    }

    /** A cursor over {@code [pos, end)} of a DER buffer; single-byte tags, definite lengths only. */
    private static final class Der {
        private final byte[] buf;
        private int pos;
        private final int end;

        Der(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            if (pos >= end) {
                throw new IllegalArgumentException("name ends early");
            }
            int tag = buf[pos] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new IllegalArgumentException("multi-byte tag in a name");
            }
            return tag;
        }

        /** Checks the tag, returns a cursor over the contents and moves past them. */
        Der enter(int tag) {
            int len = header(tag);
            Der inner = new Der(buf, pos, pos + len);
            pos += len;
            return inner;
        }

        byte[] read(int tag) {
            int len = header(tag);
            byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }

        private int header(int tag) {
            if (peekTag() != tag) {
                throw new IllegalArgumentException(String.format("tag 0x%02x where 0x%02x was expected",
                        buf[pos] & 0xFF, tag));
            }
            pos++;
            if (pos >= end) {
                throw new IllegalArgumentException("name ends early");
            }
            int first = buf[pos++] & 0xFF;
            long len;
            if (first < 0x80) {
                len = first;
            } else {
                int n = first & 0x7F;
                if (n == 0 || n > 4 || pos + n > end) {
                    throw new IllegalArgumentException("bad length in a name");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (buf[pos++] & 0xFF);
                }
            }
            if (len > end - pos) {
                throw new IllegalArgumentException("length " + len + " runs past the name");
            }
            return (int) len;
        }
    }
}
