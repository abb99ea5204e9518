package org.thinspice.testbed;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/** A unix-socket client with deadline-bounded reads, for QMP (line-oriented JSON). */
final class UnixLines implements AutoCloseable {
    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    private UnixLines(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Connects, retrying while the socket does not exist yet or refuses, until {@code timeout}. */
    static SocketChannel connectBlocking(Path socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return ch;
            } catch (IOException e) {
                ch.close();
                last = e;
            }
            sleep(20);
        }
        throw new IOException("cannot connect to " + socket + " within " + timeout, last);
    }

    static UnixLines connect(Path socket, Duration timeout) throws IOException {
        return new UnixLines(connectBlocking(socket, timeout));
    }

    void write(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("write stalled");
                }
                sleep(1);
            }
        }
    }

    /** Next line without its {@code \r\n}; throws on EOF or when {@code timeout} passes. */
    String readLine(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = takeLine();
            if (line != null) {
                return line;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IOException("no reply within " + timeout);
            }
            selector.select(left);
            selector.selectedKeys().clear();
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new java.io.EOFException("socket closed by peer");
            }
            pending.write(in.array(), 0, n);
            if (pending.size() > MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
        }
    }

    private String takeLine() {
        byte[] buf = pending.toByteArray();
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                int end = i > 0 && buf[i - 1] == '\r' ? i - 1 : i;
                String line = new String(buf, 0, end, java.nio.charset.StandardCharsets.UTF_8);
                pending.reset();
                pending.write(buf, i + 1, buf.length - i - 1);
                return line;
            }
        }
        return null;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to recover
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to recover
        }
    }
}
