package org.thinspice.controller.ticket;

import java.util.List;

/** What one gateway ticket grants (docs/api/gateway-ticket.md): who, from which terminal, to which host and ports, until when. */
public record TicketClaims(String kid, String jti, String sub, String term, String dsk, String host, List<Integer> ports,
        long iat, long exp) {
}
