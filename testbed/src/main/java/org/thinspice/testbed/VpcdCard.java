package org.thinspice.testbed;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link VirtualCard} (e.g. {@link VirtualPivCard}) into a vsmartcard vpcd reader slot: connects to the slot's TCP port (vpcd
 * listens, the card connects — "server mode"; see {@link Pcscd}) and answers vpcd's messages. Every
 * message either way is a 2-byte big-endian length and a payload; a 1-byte payload from vpcd is a control
 * code (0 power off, 1 power on, 2 reset — no reply; 4 get ATR — reply the ATR), anything longer is a command
 * APDU answered with response data and SW. An open connection is a present card: {@link #remove()} closes it
 * (the card is pulled), {@link #insert()} connects again.
 */
public final class VpcdCard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VpcdCard.class);
    private static final int MAX_MESSAGE = 65536 + 16;

    private final VirtualCard card;
    private final String host;
    private final int port;
    private Socket socket;
    private Thread reader;
    private volatile int pullOnIns = -1;

    private VpcdCard(VirtualCard card, String host, int port) {
        this.card = card;
        this.host = host;
        this.port = port;
    }

    /** Inserts {@code card} into the vpcd slot listening on {@code port} of 127.0.0.1. */
    public static VpcdCard insert(VirtualCard card, int port) throws IOException {
        VpcdCard c = new VpcdCard(card, "127.0.0.1", port);
        c.insert();
        return Processes.closeAtExit(c);
    }

    public VirtualCard card() {
        return card;
    }

    /** Connects to the slot (the card appears); no-op if already in. */
    public synchronized void insert() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), (int) Duration.ofSeconds(5).toMillis());
        socket = s;
        reader = new Thread(() -> serve(s), "vpcd-card-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** Closes the connection: for pcscd the card has been pulled out. */
    public void remove() {
        Socket s;
        Thread t;
        synchronized (this) {
            s = socket;
            t = reader;
            socket = null;
            reader = null;
        }
        if (s != null) {
            closeQuietly(s);
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        card.reset();
    }

    /**
     * Makes the card vanish, unanswered, when the next command APDU with instruction {@code ins} arrives —
     * a card pulled in the middle of an operation (e.g. 0x87, GENERAL AUTHENTICATE).
     */
    public void pullOnNext(int ins) {
        pullOnIns = ins;
    }

    public synchronized boolean inserted() {
        return socket != null;
    }

    private void serve(Socket s) {
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                quickAck(s);
                int len = in.readUnsignedShort();
                quickAck(s);
                if (len == 0 || len > MAX_MESSAGE) {
                    throw new IOException("vpcd sent a message of " + len + " bytes");
                }
                byte[] msg = new byte[len];
                in.readFully(msg);
                byte[] reply;
                if (len == 1) {
                    switch (msg[0]) {
                        case 0, 2 -> { // power off, reset
                            card.reset();
                            reply = null;
                        }
                        case 1 -> reply = null; // power on
                        case 4 -> reply = card.atr();
                        default -> throw new IOException("vpcd sent unknown control code " + msg[0]);
                    }
                } else {
                    if (msg.length >= 2 && (msg[1] & 0xFF) == pullOnIns) {
                        pullOnIns = -1;
                        LOG.info("virtual card on port {} pulled during INS {}", port, Integer.toHexString(msg[1] & 0xFF));
                        closeQuietly(s);
                        synchronized (this) {
                            if (socket == s) {
                                socket = null;
                                reader = null;
                            }
                        }
                        card.reset();
                        return;
                    }
                    reply = card.process(msg);
                }
                if (reply != null) {
                    byte[] frame = Arrays.copyOf(new byte[] {(byte) (reply.length >> 8), (byte) reply.length}, 2 + reply.length);
                    System.arraycopy(reply, 0, frame, 2, reply.length);
                    out.write(frame);
                    out.flush();
                }
            }
        } catch (EOFException closed) {
            LOG.debug("vpcd closed the card connection on port {}", port);
        } catch (IOException e) {
            if (!s.isClosed()) {
                LOG.warn("virtual card on port {}: {}", port, e.toString());
            }
        } finally {
            closeQuietly(s);
        }
    }

    /**
     * vpcd writes each message as two send() calls (length, then payload) without TCP_NODELAY, so Nagle holds
     * the payload until the length is acknowledged — and a delayed ACK costs 40 ms per APDU. Linux's
     * TCP_QUICKACK (reset by the kernel after each ACK, hence set before every read) removes that wait.
     */
    private static void quickAck(Socket s) {
        try {
            if (s.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK)) {
                s.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // only latency is at stake
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        remove();
        Processes.forget(this);
    }
}
