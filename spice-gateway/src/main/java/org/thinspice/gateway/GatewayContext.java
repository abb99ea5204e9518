package org.thinspice.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import org.thinspice.ticket.TicketVerifier;

import java.time.Clock;

/** What every connection's handlers share: settings, clock, verifier, limits, metrics, audit, channel registry. */
record GatewayContext(GatewayConfig config, Clock clock, TicketVerifier verifier, ConnectionLimits limits,
                      GatewayMetrics metrics, AuditLog audit, ChannelGroup channels,
                      ChannelFactory<? extends SocketChannel> clientChannels, java.util.function.BooleanSupplier draining) {
    boolean shuttingDown() {
        return draining.getAsBoolean();
    }

    /** Registers a channel so shutdown can close whatever outlives the drain deadline. */
    void track(Channel ch) {
        channels.add(ch);
    }
}
