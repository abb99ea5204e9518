package org.thinspice.ticket;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway side: parses ticket text, checks the Ed25519 signature against the key its {@code kid}
 * names, then the validity window and the requested port. Thread-safe.
 */
public final class TicketVerifier {
    /** A ticket is accepted from {@code iat - } this many seconds (controller clock ahead of ours). */
    public static final long SKEW_SECONDS = 30;
    /** ... and until {@code exp + } this many seconds. */
    public static final long GRACE_SECONDS = 5;

    private static final int SIGNATURE_HEX = 128;

    private final Map<String, PublicKey> keys;
    private final Clock clock;

    public TicketVerifier(Map<String, PublicKey> keys, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code text} claims to be a ticket of this format at all (its prefix). */
    public static boolean looksLikeTicket(String text) {
        return text.startsWith(Ticket.PREFIX);
    }

    /** The ticket, if it is authentic, valid now, and opens {@code port}. */
    public Ticket verify(String text, int port) throws TicketException {
        Ticket t = authenticate(text);
        long now = clock.instant().getEpochSecond();
        if (now < t.iat() - SKEW_SECONDS || now > t.exp() + GRACE_SECONDS) {
            throw new TicketException(TicketFault.EXPIRED,
                    "ticket valid " + t.iat() + ".." + t.exp() + ", now " + now, t);
        }
        if (!t.opens(port)) {
            throw new TicketException(TicketFault.WRONG_PORT, "port " + port + " not in " + t.ports(), t);
        }
        return t;
    }

    /** The ticket if its text parses and its signature verifies; no time or port checks. */
    public Ticket authenticate(String text) throws TicketException {
        if (!looksLikeTicket(text)) {
            throw new TicketException(TicketFault.NOT_A_TICKET, "not a tsg1 ticket");
        }
        if (text.length() > Ticket.MAX_LENGTH) {
            throw new TicketException(TicketFault.MALFORMED, "ticket longer than " + Ticket.MAX_LENGTH);
        }
        int dot = text.indexOf('.', Ticket.PREFIX.length());
        if (dot < 0 || text.length() - dot - 1 != SIGNATURE_HEX) {
            throw new TicketException(TicketFault.MALFORMED, "ticket is not tsg1.<payload>.<signature>");
        }
        String signed = text.substring(0, dot);
        byte[] signature = hex(text.substring(dot + 1));
        Ticket t = Ticket.fromJson(Base32.decode(signed.substring(Ticket.PREFIX.length())));
        PublicKey key = keys.get(t.kid());
        if (key == null) {
            throw new TicketException(TicketFault.UNKNOWN_KEY, "unknown kid " + t.kid());
        }
        if (!verifies(key, signed, signature)) {
            throw new TicketException(TicketFault.BAD_SIGNATURE, "signature does not verify");
        }
        return t;
    }

    private static boolean verifies(PublicKey key, String signed, byte[] signature) throws TicketException {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new TicketException(TicketFault.BAD_SIGNATURE, "key cannot verify: " + e.getMessage());
        }
    }

    /** Lower-case hex only, so a signature has one spelling. */
    private static byte[] hex(String s) throws TicketException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new TicketException(TicketFault.MALFORMED, "signature is not lower-case hex");
            }
        }
        return HexFormat.of().parseHex(s);
    }
}
