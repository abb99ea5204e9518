/**
 * The SPICE gateway: an HTTP CONNECT relay that opens one raw TCP tunnel per SPICE channel to the
 * desktop named by a signed ticket ({@code docs/api/gateway-ticket.md}, {@code docs/gateway.md}).
 * The sans-I/O pieces ({@link org.thinspice.gateway.ConnectHeadParser},
 * {@link org.thinspice.gateway.ConnectionLimits}, the ticket package) know nothing of Netty.
 */
package org.thinspice.gateway;
