package org.thinspice.ticket;

/** Why a ticket was not accepted; the gateway maps each to a refusal code. */
public enum TicketFault {
    /** Not a {@code tsg1.} ticket at all. */
    NOT_A_TICKET,
    /** Looks like a ticket but does not parse (encoding, JSON, missing or wrong-typed field, too long). */
    MALFORMED,
    /** The {@code kid} names no configured key. */
    UNKNOWN_KEY,
    /** The Ed25519 signature does not verify. */
    BAD_SIGNATURE,
    /** Outside {@code iat - skew .. exp + grace}. */
    EXPIRED,
    /** The requested port is not one of the ticket's {@code ports}. */
    WRONG_PORT
}
