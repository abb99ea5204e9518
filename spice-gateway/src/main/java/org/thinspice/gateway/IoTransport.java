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
 * The socket implementation the gateway runs on: Netty's native epoll on Linux (fewer syscalls per relayed
 * chunk), Java NIO elsewhere or when the native library does not load.
 */
record IoTransport(String name, IoHandlerFactory handlers, Class<? extends ServerSocketChannel> serverChannel,
                   ChannelFactory<? extends SocketChannel> clientChannels) {

    static final IoTransport NIO = new IoTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
            NioSocketChannel::new);

    /** {@code auto}: epoll where it is available, else NIO; {@code nio}: always NIO. */
    static IoTransport choose(String wanted) {
        if (wanted.equals("auto") && Epoll.isAvailable()) {
            return new IoTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel::new);
        }
        return NIO;
    }

    boolean isEpoll() {
        return name.equals("epoll");
    }
}
