package org.thinspice.ticket;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The mint side (controller): makes tickets for one key id and signs them with its Ed25519 private key.
 * Thread-safe.
 */
public final class TicketSigner {
    /** The contract's lifetime: long enough for every channel of one session, short enough that a leaked .vv dies. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final String kid;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TicketSigner(String kid, PrivateKey key, Clock clock) {
        this.kid = Objects.requireNonNull(kid, "kid");
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** From a PKCS#8 PEM private key. */
    public static TicketSigner fromPem(String kid, String pkcs8Pem, Clock clock) throws GeneralSecurityException {
        return new TicketSigner(kid, Ed25519Keys.privateKey(pkcs8Pem), clock);
    }

    public String kid() {
        return kid;
    }

    /** A new ticket with a random {@code jti}, {@code iat = now} and {@code exp = now + ttl}. */
    public Ticket mint(String sub, String term, String dsk, String host, List<Integer> ports, Duration ttl) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        long now = clock.instant().getEpochSecond();
        return new Ticket(kid, HexFormat.of().formatHex(id), sub, term, dsk, host, ports, now,
                now + ttl.toSeconds());
    }

    /** {@link #mint} with {@link #DEFAULT_TTL}, signed: the text for a .vv {@code host=}. */
    public String issue(String sub, String term, String dsk, String host, List<Integer> ports) {
        return sign(mint(sub, term, dsk, host, ports, DEFAULT_TTL));
    }

    /**
     * The ticket text {@code tsg1.<payload>.<signature>}.
     *
     * @throws IllegalArgumentException if the ticket breaks a field rule, names another kid, or the text
     *                                  would exceed {@link Ticket#MAX_LENGTH}
     */
    public String sign(Ticket ticket) {
        if (!kid.equals(ticket.kid())) {
            throw new IllegalArgumentException("ticket kid " + ticket.kid() + " is not this signer's " + kid);
        }
        try {
            ticket.check();
        } catch (TicketException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String signed = Ticket.PREFIX + Base32.encode(ticket.toJson());
        String text = signed + "." + HexFormat.of().formatHex(signature(signed));
        if (text.length() > Ticket.MAX_LENGTH) {
            throw new IllegalArgumentException("ticket would be " + text.length() + " characters");
        }
        return text;
    }

    private byte[] signature(String signed) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
