/**
 * Gateway tickets ({@code tsg1.<base32 payload>.<Ed25519 hex signature>}): {@link
 * org.thinspice.ticket.TicketSigner} for the controller, {@link
 * org.thinspice.ticket.TicketVerifier} for the gateway. Depends on the JDK and Gson only, so the
 * controller can reuse it without Netty.
 */
package org.thinspice.ticket;
