package org.thinspice.controller.pve;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.net.URLDecoder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake PVE's tickets, in PVE's formats with HMAC-SHA256 where PVE signs with RSA: login tickets
 * (pve-common PVE/Ticket.pm assemble_rsa_ticket / verify_rsa_ticket), CSRF tokens
 * (assemble_csrf_prevention_token) and spice proxy tickets (assemble_spice_ticket /
 * verify_spice_connect_url).
 */
final class PveTickets {
    private final Clock clock;
    /** The auth key pair in /etc/pve (here one HMAC key). */
    private final byte[] authKey = new byte[32];
    /** /etc/pve/pve-www.key: signs CSRF tokens and spice proxy tickets. */
    private final byte[] wwwKey = new byte[32];

    PveTickets(Clock clock) {
        this.clock = clock;
        SecureRandom r = new SecureRandom();
        r.nextBytes(authKey);
        r.nextBytes(wwwKey);
    }

    String assembleTicket(String data, String aad) {
        String ts = String.format("%08X", clock.instant().getEpochSecond());
        // assemble_rsa_ticket: $data = uri_escape($data, ':')
        String plain = "PVE:" + data.replace("%", "%25").replace(":", "%3A") + ":" + ts;
        String full = aad == null ? plain : plain + ":" + aad;
        return plain + "::" + Base64.getEncoder().encodeToString(hmac(authKey, full));
    }

    String verifyTicket(String ticket) {
        return verifyTicket(ticket, null);
    }

    /** The ticket's data when signed and within (-grace, lifetime) of its time; else null. */
    String verifyTicket(String ticket, String aad) {
        if (ticket == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(PVE:(?:(\\S+):)?([A-Z0-9]{8}))::([^:\\s]+)").matcher(ticket);
        if (!m.matches()) {
            return null;
        }
        String full = aad == null ? m.group(1) : m.group(1) + ":" + aad;
        String sig = Base64.getEncoder().encodeToString(hmac(authKey, full));
        if (!MessageDigest.isEqual(sig.getBytes(StandardCharsets.US_ASCII), m.group(4).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(m.group(3), 16);
        if (!(age > -FakeProxmox.AUTH_GRACE && age < FakeProxmox.TICKET_LIFETIME)) {
            return null;
        }
        return m.group(2) == null ? "" : URLDecoder.decode(m.group(2).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** PVE::Ticket::assemble_csrf_prevention_token: HEXTIME:base64(HMAC-SHA256("HEXTIME:user")). */
    String csrfToken(String user) {
        String ts = String.format("%08X", clock.instant().getEpochSecond());
        return ts + ":" + Base64.getEncoder().withoutPadding().encodeToString(hmac(wwwKey, ts + ":" + user));
    }

    boolean csrfValid(String user, String token) {
        if (token == null || token.length() < 10) {
            return false;
        }
        String ts = token.substring(0, 8);
        String want = ts + ":" + Base64.getEncoder().withoutPadding().encodeToString(hmac(wwwKey, ts + ":" + user));
        long age = clock.instant().getEpochSecond() - Long.parseLong(ts, 16);
        return want.equals(token) && age > -FakeProxmox.AUTH_GRACE && age < FakeProxmox.TICKET_LIFETIME;
    }

    /** The spice proxy ticket check (pve-common PVE/Ticket.pm verify_spice_connect_url). */
    boolean verifySpiceConnect(String connect) {
        // pve-common PVE/Ticket.pm verify_spice_connect_url
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("pvespiceproxy:([a-z0-9]{8}):(\\d+):(\\S+):(\\d+)::([a-z0-9]{40}):(\\d+)").matcher(connect);
        if (!m.matches()) {
            return false;
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(m.group(1), 16);
        if (!(age > -20 && age < 40) || !m.group(4).equals(m.group(6))) {
            return false;
        }
        String plain = "pvespiceproxy:" + m.group(1) + ":" + m.group(2) + ":" + m.group(3) + ":" + m.group(6);
        return spiceSignature(plain).equals(m.group(5));
    }

    /** assemble_spice_ticket: unpack("H*", Digest::SHA::sha1($plain, $secret)) — SHA-1 over plain ‖ secret. */
    String spiceSignature(String plain) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(plain.getBytes(StandardCharsets.US_ASCII));
            sha1.update(HexFormat.of().formatHex(wwwKey).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
