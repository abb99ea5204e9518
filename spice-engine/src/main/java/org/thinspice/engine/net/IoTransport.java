package org.thinspice.engine.net;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The sockets a session runs on: Netty's native epoll on Linux (the terminal: fewer system calls and less
 * Java per message than the JDK's selector, which matters most for bulk USB redirection), Java NIO
 * elsewhere, where the native library does not load, or with {@code -Dthinspice.io=nio}.
 */
public final class IoTransport {
    private IoTransport() {
    }

    /** Whether new sessions get epoll event loops. */
    public static boolean epoll() {
        return !"nio".equals(System.getProperty("thinspice.io", "auto")) && Epoll.isAvailable();
    }

    /** Event loops of the transport {@link #epoll()} chooses. */
    public static IoHandlerFactory handlers() {
        return epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** Sockets that fit {@code group}'s event loops (a caller may bring its own NIO group). */
    public static ChannelFactory<? extends SocketChannel> socketsFor(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup g && g.isIoType(EpollIoHandler.class)) {
            return EpollSocketChannel::new;
        }
        return NioSocketChannel::new;
    }
}
