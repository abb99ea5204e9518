package org.thinspice.engine.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code host-subject} read and compared the way spice-common does it ({@code ssl_verify.c}:
 * {@code subject_to_x509_name}, then {@code X509_NAME_cmp}), so a {@code .vv} that remote-viewer accepts
 * is accepted here and one it refuses is refused:
 * <ul>
 *   <li>{@code KEY=VALUE} entries separated by {@code ,}; each is one RDN, and the list must equal the
 *       certificate's RDN list <em>in order</em> (most significant first, as openssl prints it:
 *       {@code C=XX,O=Org,CN=name}) and in length;</li>
 *   <li>spaces before a key are skipped; keys are OpenSSL's names and case-sensitive ({@code CN} or
 *       {@code commonName}, not {@code cn}), or a dotted OID; {@code \} escapes only {@code ,} and {@code \};
 *       an empty value, a key without {@code =} or an unknown key makes the subject invalid, and an invalid
 *       subject matches nothing;</li>
 *   <li>values compare in OpenSSL's canonical form: white space at either end dropped, inner runs of white
 *       space as one space, ASCII letters in one case.</li>
 * </ul>
 */
final class HostSubject {
    private static final Pattern DOTTED_OID = Pattern.compile("[0-2](\\.[0-9]+)+");
    /** OpenSSL's short and long names of the attributes a subject carries (OBJ_txt2obj is case-sensitive). */
    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("C", "2.5.4.6"), Map.entry("countryName", "2.5.4.6"),
            Map.entry("ST", "2.5.4.8"), Map.entry("stateOrProvinceName", "2.5.4.8"),
            Map.entry("L", "2.5.4.7"), Map.entry("localityName", "2.5.4.7"),
            Map.entry("O", "2.5.4.10"), Map.entry("organizationName", "2.5.4.10"),
            Map.entry("OU", "2.5.4.11"), Map.entry("organizationalUnitName", "2.5.4.11"),
            Map.entry("CN", "2.5.4.3"), Map.entry("commonName", "2.5.4.3"),
            Map.entry("emailAddress", "1.2.840.113549.1.9.1"),
            Map.entry("DC", "0.9.2342.19200300.100.1.25"), Map.entry("domainComponent", "0.9.2342.19200300.100.1.25"),
            Map.entry("UID", "0.9.2342.19200300.100.1.1"), Map.entry("userId", "0.9.2342.19200300.100.1.1"),
            Map.entry("serialNumber", "2.5.4.5"),
            Map.entry("street", "2.5.4.9"), Map.entry("streetAddress", "2.5.4.9"),
            Map.entry("title", "2.5.4.12"),
            Map.entry("SN", "2.5.4.4"), Map.entry("surname", "2.5.4.4"),
            Map.entry("GN", "2.5.4.42"), Map.entry("givenName", "2.5.4.42"),
            Map.entry("initials", "2.5.4.43"),
            Map.entry("pseudonym", "2.5.4.65"),
            Map.entry("generationQualifier", "2.5.4.44"),
            Map.entry("dnQualifier", "2.5.4.46"),
            Map.entry("postalCode", "2.5.4.17"),
            Map.entry("name", "2.5.4.41"),
            Map.entry("description", "2.5.4.13"),
            Map.entry("businessCategory", "2.5.4.15"));
    /** Short names for printing a certificate's subject the way host-subject is written. */
    private static final Map<String, String> SHORT = Map.ofEntries(
            Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.8", "ST"), Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"), Map.entry("2.5.4.3", "CN"),
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"), Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"), Map.entry("2.5.4.5", "serialNumber"),
            Map.entry("2.5.4.9", "street"), Map.entry("2.5.4.12", "title"), Map.entry("2.5.4.4", "SN"),
            Map.entry("2.5.4.42", "GN"));

    /** One entry: the attribute's OID and its canonical value. */
    private record Entry(String oid, String value) {
    }

    private final String text;
    private final List<Entry> entries;
    private final String invalid;

    private HostSubject(String text, List<Entry> entries, String invalid) {
        this.text = text;
        this.entries = entries;
        this.invalid = invalid;
    }

    /** Reads a host-subject; an invalid one is kept with the reason, and matches nothing. */
    static HostSubject parse(String text) {
        List<Entry> out = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inValue = false;
        for (int i = 0; ; i++) {
            boolean end = i >= text.length();
            char c = end ? 0 : text.charAt(i);
            boolean escaped = false;
            if (c == '\\') {
                i++;
                if (i >= text.length() || (text.charAt(i) != '\\' && text.charAt(i) != ',')) {
                    return invalid(text, "'\\' may only escape ',' or '\\'");
                }
                c = text.charAt(i);
                escaped = true;
            }
            if (!inValue) {
                if (!escaped && c == ' ' && key.length() == 0) {
                    continue;
                }
                if (end) {
                    return key.length() == 0 ? new HostSubject(text, List.copyOf(out), null)
                            : invalid(text, "'" + key + "' has no '='");
                }
                if (!escaped && c == ',') {
                    return invalid(text, "an entry has no '='");
                }
                if (!escaped && c == '=') {
                    inValue = true;
                } else {
                    key.append(c);
                }
            } else if (end || (!escaped && c == ',')) {
                if (value.length() == 0) {
                    return invalid(text, "'" + key + "' has an empty value");
                }
                String oid = KEYS.get(key.toString());
                if (oid == null && DOTTED_OID.matcher(key).matches()) {
                    oid = key.toString();
                }
                if (oid == null) {
                    return invalid(text, "unknown attribute '" + key + "' (names are case-sensitive: C, ST, L, O, OU, CN, …)");
                }
                out.add(new Entry(oid, canonical(value.toString())));
                if (end) {
                    return new HostSubject(text, List.copyOf(out), null);
                }
                key.setLength(0);
                value.setLength(0);
                inValue = false;
            } else {
                value.append(c);
            }
        }
    }

    private static HostSubject invalid(String text, String why) {
        return new HostSubject(text, List.of(), why);
    }

    /** Why the text is not a valid subject, or null. */
    String invalidReason() {
        return invalid;
    }

    /** True when the certificate's subject is this subject (always false for an invalid one). */
    boolean matches(DistinguishedName subject) {
        if (invalid != null || subject.rdns().size() != entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            List<DistinguishedName.Attribute> rdn = subject.rdns().get(i);
            if (rdn.size() != 1) {
                return false; // a multi-valued RDN is one SET; host-subject entries are one RDN each
            }
            DistinguishedName.Attribute a = rdn.get(0);
            if (!a.oid().equals(entries.get(i).oid) || a.text() == null
                    || !canonical(a.text()).equals(entries.get(i).value)) {
                return false;
            }
        }
        return true;
    }

    /** The subject written as a host-subject would be: {@code C=XX,O=Org,CN=name}. */
    static String format(DistinguishedName subject) {
        StringBuilder s = new StringBuilder();
        for (List<DistinguishedName.Attribute> rdn : subject.rdns()) {
            for (int i = 0; i < rdn.size(); i++) {
                DistinguishedName.Attribute a = rdn.get(i);
                s.append(s.length() == 0 ? "" : i == 0 ? "," : "+")
                        .append(SHORT.getOrDefault(a.oid(), a.oid())).append('=')
                        .append(a.text() == null ? "#…" : a.text().replace("\\", "\\\\").replace(",", "\\,"));
            }
        }
        return s.toString();
    }

    /** OpenSSL's canonical value: outer white space dropped, inner runs as one space, ASCII lower case. */
    static String canonical(String v) {
        StringBuilder s = new StringBuilder(v.length());
        boolean pendingSpace = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                pendingSpace = s.length() > 0;
            } else {
                if (pendingSpace) {
                    s.append(' ');
                    pendingSpace = false;
                }
                s.append(c < 0x80 ? Character.toLowerCase(c) : c);
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
