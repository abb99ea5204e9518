package org.thinspice.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import org.thinspice.ticket.Ticket;

import java.time.Clock;
import java.time.Instant;

/**
 * One open tunnel: the client channel, the desktop channel, what the ticket said, bytes each way and
 * why it ended. Both channels run on the same event loop, so its state needs no locks.
 */
final class Tunnel {
    private final Channel client;
    private final Channel desktop;
    private final Ticket ticket;
    private final String source;
    private final String target;
    private final Instant start;
    private final GatewayMetrics metrics;
    private final AuditLog audit;
    private final Clock clock;
    private long bytesUp;
    private long bytesDown;
    private String closeReason;
    private int closed;

    Tunnel(Channel client, Channel desktop, Ticket ticket, String source, String target, GatewayMetrics metrics,
           AuditLog audit, Clock clock) {
        this.client = client;
        this.desktop = desktop;
        this.ticket = ticket;
        this.source = source;
        this.target = target;
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
        this.start = clock.instant();
    }

    /** Counts the tunnel open, audits it, and arranges the close line once both channels are gone. */
    void opened() {
        metrics.tunnelOpened();
        audit.open(this);
        ChannelFutureListener onClose = f -> {
            if (++closed == 2) {
                metrics.tunnelClosed();
                audit.close(this, clock.instant());
            }
        };
        client.closeFuture().addListener(onClose);
        desktop.closeFuture().addListener(onClose);
    }

    void counted(boolean up, int n) {
        if (up) {
            bytesUp += n;
            metrics.up(n);
        } else {
            bytesDown += n;
            metrics.down(n);
        }
    }

    /** Records the first reason only: later closes are consequences of it. */
    void reason(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /** Ends both sides, after writing what is already queued to each. */
    void close(String reason) {
        reason(reason);
        flushAndClose(client);
        flushAndClose(desktop);
    }

    static void flushAndClose(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    Ticket ticket() {
        return ticket;
    }

    String source() {
        return source;
    }

    String target() {
        return target;
    }

    /** The gateway's own address on the desktop side, as the desktop sees the connection. */
    String via() {
        return String.valueOf(desktop.localAddress()).replaceFirst("^/", "");
    }

    Instant start() {
        return start;
    }

    long bytesUp() {
        return bytesUp;
    }

    long bytesDown() {
        return bytesDown;
    }

    String closeReason() {
        return closeReason == null ? "closed" : closeReason;
    }
}
