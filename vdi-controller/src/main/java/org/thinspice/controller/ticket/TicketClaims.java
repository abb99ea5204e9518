package org.thinspice.controller.ticket;

import java.util.List;

/**
 * What one gateway ticket grants (docs/api/gateway-ticket.md): who, from which terminal, to which host and
 * ports, until when; {@code via} (optional {@code host:port}) is an upstream CONNECT proxy the gateway asks for
 * {@code host:port} instead of dialling it (Proxmox's spiceproxy, {@code host} then being its ticket).
 */
public record TicketClaims(String kid, String jti, String sub, String term, String dsk, String host, List<Integer> ports,
        long iat, long exp, String via) {
    /** Claims for a target the gateway dials directly. */
    public TicketClaims(String kid, String jti, String sub, String term, String dsk, String host, List<Integer> ports,
            long iat, long exp) {
        this(kid, jti, sub, term, dsk, host, ports, iat, exp, null);
    }
}
