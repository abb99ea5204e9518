package org.thinspice.engine.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Whether a certificate names the host connected to, as spice-common's {@code verify_hostname} decides
 * (used only when the {@code .vv} has no {@code host-subject}):
 * <ul>
 *   <li>the host against every subjectAltName of type DNS (case-insensitive; {@code *} stands for any
 *       run of characters inside one label) and of type IP address (byte-equal to the host, when the
 *       host is an address literal);</li>
 *   <li>the subject's CNs, the same way, <em>only</em> when the certificate has no subjectAltName of
 *       type DNS or IP — other SAN types (e-mail, URI) do not stop the CN fallback.</li>
 * </ul>
 * Unlike HTTPS endpoint identification an IP host may match a CN, which is how QEMU's and oVirt's
 * documentation make SPICE certificates.
 */
final class HostNameCheck {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    /** Longer names are not host names; the bound keeps matching cheap on hostile input. */
    private static final int MAX_NAME = 255;

    private HostNameCheck() {
    }

    /** Null when {@code cert} names {@code host}; otherwise why not, in words for the error detail. */
    static String mismatch(X509Certificate cert, String host) throws CertificateParsingException {
        byte[] hostAddress = addressLiteral(host);
        List<String> sans = new ArrayList<>();
        Collection<List<?>> alt = cert.getSubjectAlternativeNames();
        for (List<?> san : alt == null ? List.<List<?>>of() : alt) {
            int type = (Integer) san.get(0);
            if (type == SAN_DNS && san.get(1) instanceof String dns) {
                sans.add("DNS:" + dns);
                if (nameMatches(dns, host)) {
                    return null;
                }
            } else if (type == SAN_IP && san.get(1) instanceof String ip) {
                sans.add("IP:" + ip);
                if (hostAddress != null && Arrays.equals(hostAddress, addressLiteral(ip))) {
                    return null;
                }
            }
        }
        if (!sans.isEmpty()) {
            return "'" + host + "' is not among the certificate's subjectAltNames " + String.join(", ", sans);
        }
        List<String> cns = DistinguishedName.parse(cert.getSubjectX500Principal().getEncoded()).values("2.5.4.3");
        for (String cn : cns) {
            if (nameMatches(cn, host)) {
                return null;
            }
        }
        return "the certificate has no subjectAltName, and its CN " + (cns.isEmpty() ? "is missing"
                : "'" + String.join("', '", cns) + "' is not '" + host + "'");
    }

    /**
     * gnutls' rule as spice-common copied it: equal ignoring ASCII case, where {@code *} in the
     * certificate's name matches any run of characters except a dot.
     */
    static boolean nameMatches(String pattern, String host) {
        if (pattern.length() > MAX_NAME || host.length() > MAX_NAME || pattern.indexOf('\0') >= 0) {
            return false;
        }
        int p = 0;
        int h = 0;
        int starP = -1;
        int starH = -1;
        while (h < host.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starH = h;
            } else if (p < pattern.length() && sameAsciiIgnoringCase(pattern.charAt(p), host.charAt(h))) {
                p++;
                h++;
            } else if (starP >= 0 && host.charAt(starH) != '.') {
                // let the last star take one more character; a star never spans a dot, and an earlier
                // star cannot help, since dots are matched literally one for one
                h = ++starH;
                p = starP + 1;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean sameAsciiIgnoringCase(char a, char b) {
        return a == b || (a < 0x80 && b < 0x80 && Character.toUpperCase(a) == Character.toUpperCase(b));
    }

    /**
     * The bytes of an IPv4 or IPv6 address literal, or null when {@code s} is not one (a host name is
     * never looked up here). IPv4 as inet_pton reads it: four decimal parts, no leading zeros.
     */
    static byte[] addressLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            String v6 = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            if (v6.isEmpty() || !v6.matches("[0-9A-Fa-f:.]+")) {
                return null;
            }
            try {
                // with only hex digits, colons and dots this is parsed as a literal, never resolved
                return InetAddress.getByName(v6).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(part);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }
}
