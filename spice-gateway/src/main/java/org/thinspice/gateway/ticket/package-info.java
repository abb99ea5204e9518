/**
 * Gateway tickets ({@code tsg1.<base32 payload>.<Ed25519 hex signature>}): {@link
 * org.thinspice.gateway.ticket.TicketSigner} for the controller, {@link
 * org.thinspice.gateway.ticket.TicketVerifier} for the gateway. Depends on the JDK and Gson only, so the
 * controller can reuse it without Netty.
 */
package org.thinspice.gateway.ticket;
