package org.thinspice.controller.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Closes connections whose request head does not arrive in time. Jetty's idle timeout fires only
 * when nothing at all arrives; a peer that trickles one byte a second keeps a connection forever.
 * Here a connection's first head must be complete — the handler called — within {@code headTimeout}
 * of the connection's accept, once any byte arrived; each later head on a kept-alive connection within
 * {@code headTimeout} of the sweep that first saw its bytes (how long the connection sat idle before
 * does not count: that is the idle timeout's business). Otherwise it is closed. With TLS the
 * handshake counts as part of the first head. A connection that sends nothing is left to the idle
 * timeout.
 *
 * <p>{@link #sweep()} runs periodically from outside; it reads only Jetty's public connection
 * counters. HTTP/2 connections are held to the first head only: once a stream was served, their
 * control frames may arrive at any time.
 */
final class HeadDeadline {
    /** What is known of one connection (keyed by its network end point). */
    private static final class Watch {
        int busy;
        boolean served;
        /** When the head being waited for started (accept, or first seen bytes); -1 = none seen yet. */
        long headSince;
        long bytesAtWait;
    }

    private final ServerConnector connector;
    private final long headTimeoutMillis;
    private final LongSupplier clockMillis;
    private final Map<EndPoint, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong closed = new AtomicLong();

    HeadDeadline(ServerConnector connector, long headTimeoutMillis, LongSupplier clockMillis) {
        this.connector = connector;
        this.headTimeoutMillis = headTimeoutMillis;
        this.clockMillis = clockMillis;
    }

    /** Connections closed so far for a late head. */
    long closedCount() {
        return closed.get();
    }

    /** The handler got a request on this connection: its head is complete. */
    void requestStarted(Request request) {
        EndPoint network = network(request);
        Watch w = watches.computeIfAbsent(network, ep -> newWatch(ep));
        synchronized (w) {
            w.busy++;
            w.served = true;
        }
    }

    /** The request's response is done: the connection waits for the next head from now. */
    void requestEnded(Request request) {
        EndPoint network = network(request);
        Watch w = watches.get(network);
        if (w == null) {
            return;
        }
        synchronized (w) {
            if (--w.busy == 0) {
                w.headSince = -1; // the next head's time starts with its first bytes
                w.bytesAtWait = bytesIn(network);
            }
        }
    }

    /** Closes every connection whose head is overdue; forgets closed ones. */
    void sweep() {
        long now = clockMillis.getAsLong();
        for (EndPoint ep : connector.getConnectedEndPoints()) {
            Watch w = watches.computeIfAbsent(ep, this::newWatch);
            boolean overdue = false;
            synchronized (w) {
                if (w.busy == 0 && !(w.served && isHttp2(ep)) && bytesIn(ep) > w.bytesAtWait) {
                    if (w.headSince < 0) {
                        w.headSince = now;
                    }
                    overdue = now - w.headSince > headTimeoutMillis;
                }
            }
            if (overdue) {
                closed.incrementAndGet();
                ep.close();
            }
        }
        watches.keySet().removeIf(ep -> !ep.isOpen());
    }

    private Watch newWatch(EndPoint ep) {
        Watch w = new Watch();
        // the connection has waited for its first head since it was accepted
        w.headSince = ep.getCreatedTimeStamp();
        return w;
    }

    private static EndPoint network(Request request) {
        EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
        while (ep instanceof EndPoint.Wrapper wrapper) {
            ep = wrapper.unwrap();
        }
        return ep;
    }

    private static long bytesIn(EndPoint ep) {
        Connection c = ep.getConnection();
        return c == null ? 0 : c.getBytesIn();
    }

    private static boolean isHttp2(EndPoint network) {
        Connection c = network.getConnection();
        if (c instanceof SslConnection ssl) {
            c = ssl.getSslEndPoint().getConnection();
        }
        return c instanceof HTTP2Connection;
    }
}
