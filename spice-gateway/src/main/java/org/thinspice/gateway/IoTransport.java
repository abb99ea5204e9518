package org.thinspice.gateway;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket implementation the gateway runs on: Java NIO, or Netty's native epoll when asked for.
 *
 * <p>NIO is the default because Netty 4.2.13 to 4.2.21's epoll loses data on half-closed tunnels: once a socket's
 * input is shut and nothing is pending, Netty removes it from the epoll set but still believes it is registered,
 * so the next write that fills the socket's send buffer fails ({@code epoll_ctl(..) failed with error(-2)}), Netty
 * shuts the output and what was still queued for that side is gone. {@code TunnelIT} half-closes 4 MiB echoes under
 * load: on epoll 5 to 12 of 200 lost their tail, on NIO none.
 */
record IoTransport(String name, IoHandlerFactory handlers, Class<? extends ServerSocketChannel> serverChannel,
                   ChannelFactory<? extends SocketChannel> clientChannels) {

    static final IoTransport NIO = new IoTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
            NioSocketChannel::new);

    /** {@code nio}: Java NIO; {@code epoll}: Netty's native epoll, which must load. */
    static IoTransport choose(String wanted) {
        if (!wanted.equals("epoll")) {
            return NIO;
        }
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("io.transport=epoll, but Netty's native epoll does not load here: "
                    + Epoll.unavailabilityCause());
        }
        return new IoTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel::new);
    }
}
