package org.thinspice.controller.ticket;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import org.thinspice.controller.auth.Secrets;
import org.thinspice.ticket.Ticket;
import org.thinspice.ticket.TicketSigner;

/**
 * Mints the gateway tickets the controller writes into {@code .vv} files, with the shared
 * {@link TicketSigner} (module gateway-ticket, the contract's one implementation): valid
 * {@link #LIFETIME_SECONDS} from issue, a fresh {@code jti} each.
 */
public final class GatewayTicketMinter {
    public static final long LIFETIME_SECONDS = 60;
    private final TicketSigner signer;
    private final Clock clock;

    public GatewayTicketMinter(String kid, PrivateKey key, Clock clock) {
        if (!kid.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("kid must be 1..64 of [A-Za-z0-9._-]: " + kid);
        }
        this.signer = new TicketSigner(kid, key, clock);
        this.clock = clock;
    }

    /** A fresh ticket for {@code user} at {@code terminal} (may be "") to {@code host}:{@code ports} of desktop {@code desktop}. */
    public String mint(String user, String terminal, String desktop, String host, List<Integer> ports) {
        return mint(user, terminal, desktop, host, ports, null);
    }

    /** {@link #mint} through an upstream CONNECT proxy {@code via} ({@code host:port}, null = direct). */
    public String mint(String user, String terminal, String desktop, String host, List<Integer> ports, String via) {
        long now = clock.millis() / 1000;
        return signer.sign(new Ticket(signer.kid(), Secrets.hex(16), user, terminal, desktop, host, ports, now,
                now + LIFETIME_SECONDS, via));
    }
}
