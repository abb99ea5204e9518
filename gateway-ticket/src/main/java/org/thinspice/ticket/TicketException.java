package org.thinspice.ticket;

/** A ticket that was refused, with the {@link TicketFault} saying why. */
public final class TicketException extends Exception {
    private final TicketFault fault;
    private final transient Ticket ticket;

    public TicketException(TicketFault fault, String message) {
        this(fault, message, null);
    }

    /** {@code ticket}: the verified ticket when the fault comes after the signature check (expiry, port). */
    public TicketException(TicketFault fault, String message, Ticket ticket) {
        super(message);
        this.fault = fault;
        this.ticket = ticket;
    }

    public TicketFault fault() {
        return fault;
    }

    /** The signature-verified ticket for {@link TicketFault#EXPIRED} and {@link TicketFault#WRONG_PORT}, else null. */
    public Ticket ticket() {
        return ticket;
    }
}
