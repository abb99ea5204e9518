package org.thinspice.testbed;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A desktop stand-in for load runs: a SPICE server of our own on 127.0.0.1 that links any number of clients
 * (RSA-1024 + OAEP ticket against one fixed password, mini headers), serves the main channel (INIT, then the
 * channel list: one display and one inputs channel), one small display surface whose picture changes every
 * {@code tick} (a square moving over a background whose colour cycles: one DRAW_FILL pair and a MARK), and
 * swallows inputs (acknowledging mouse motion as spice-server does, every 4 motions). It draws nothing else,
 * has no agent, no cursor, no sound. <b>For load only, never for fidelity</b>: what a client shows from it
 * proves nothing about pixels; QEMU's spice-server is the reference for that.
 *
 * <p>One blocking thread per channel connection, with a small stack; a single ticker writes every display's
 * next frame. Counters say what it saw, so a run can check that its terminals really linked and typed.
 */
public final class DesktopStandIn implements Closeable {
    public static final int WIDTH = 160;
    public static final int HEIGHT = 120;
    private static final int MAGIC = 0x51444552;
    private static final int CH_MAIN = 1;
    private static final int CH_DISPLAY = 2;
    private static final int CH_INPUTS = 3;
    private static final int CAP_MINI_HEADER = 3;
    private static final int MAX_LINK_BODY = 4096;
    private static final int MAX_MESSAGE = 1 << 16;
    private static final long THREAD_STACK = 256 << 10;

    private final String password;
    private final KeyPair keys;
    private final ServerSocket server;
    private final Thread acceptor;
    private final ScheduledExecutorService ticker;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Display> displays = ConcurrentHashMap.newKeySet();
    private final AtomicLong mainLinks = new AtomicLong();
    private final AtomicLong displayLinks = new AtomicLong();
    private final AtomicLong inputsLinks = new AtomicLong();
    private final AtomicLong refusedTickets = new AtomicLong();
    private final AtomicLong inputEvents = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private volatile int frame;

    private DesktopStandIn(String password, int port, long tickMillis) throws IOException, GeneralSecurityException {
        this.password = password;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        this.keys = g.generateKeyPair();
        this.server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "standin-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "standin-tick-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        acceptor.start();
        ticker.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts a stand-in on {@code port} (0 = a free one) whose picture changes every {@code tickMillis}. */
    public static DesktopStandIn start(String password, int port, long tickMillis) throws IOException {
        if (password.getBytes(StandardCharsets.UTF_8).length > 60) {
            throw new IllegalArgumentException("a SPICE ticket holds at most 60 bytes");
        }
        try {
            return new DesktopStandIn(password, port, tickMillis);
        } catch (GeneralSecurityException e) {
            throw new IOException("no RSA in this JRE", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Main channels linked with the right password, since the start. */
    public long mainLinks() {
        return mainLinks.get();
    }

    public long displayLinks() {
        return displayLinks.get();
    }

    public long inputsLinks() {
        return inputsLinks.get();
    }

    /** Links refused for a wrong ticket. */
    public long refusedTickets() {
        return refusedTickets.get();
    }

    /** Key and mouse messages received on inputs channels. */
    public long inputEvents() {
        return inputEvents.get();
    }

    /** Display updates (fill + fill + mark) written, summed over clients. */
    public long framesSent() {
        return framesSent.get();
    }

    /** Display channels linked now. */
    public int displaysOpen() {
        return displays.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(null, () -> serve(s), "standin-conn", THREAD_STACK);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        Display display = null;
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            int type = linkHeader(in);
            if (type < 0 || !link(in, out)) {
                return;
            }
            switch (type) {
                case CH_MAIN -> {
                    mainLinks.incrementAndGet();
                    out.write(frame(103, mainInit()));
                    out.flush();
                    readMessages(in, out, type);
                }
                case CH_DISPLAY -> {
                    displayLinks.incrementAndGet();
                    display = new Display(out);
                    display.send(surface());
                    displays.add(display);
                    readMessages(in, out, type);
                }
                case CH_INPUTS -> {
                    inputsLinks.incrementAndGet();
                    out.write(frame(101, le(2).putShort((short) 0).array()));
                    out.flush();
                    readMessages(in, out, type);
                }
                default -> {
                    // not in the channel list we sent: a client asking for it is not ours to serve
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // a client going away mid-message is what load runs do all the time
        } finally {
            if (display != null) {
                displays.remove(display);
            }
            sockets.remove(s);
        }
    }

    /** Reads the client's link message; the channel type, or -1 when it is not a SPICE 2.2 link we serve. */
    private static int linkHeader(DataInputStream in) throws IOException {
        byte[] h = in.readNBytes(16);
        if (h.length < 16) {
            return -1;
        }
        ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        int size = hb.getInt(12);
        if (hb.getInt(0) != MAGIC || hb.getInt(4) != 2 || size < 18 || size > MAX_LINK_BODY) {
            return -1;
        }
        byte[] mess = in.readNBytes(size);
        if (mess.length < size) {
            return -1;
        }
        ByteBuffer m = ByteBuffer.wrap(mess).order(ByteOrder.LITTLE_ENDIAN);
        long commonCaps = m.getInt(6) & 0xFFFFFFFFL;
        long capsOffset = m.getInt(14) & 0xFFFFFFFFL;
        if (commonCaps < 1 || capsOffset + 4 > size) {
            return -1;
        }
        // the client must speak mini headers: all this server writes
        if ((m.getInt((int) capsOffset) & (1 << CAP_MINI_HEADER)) == 0) {
            return -1;
        }
        return mess[4] & 0xFF;
    }

    /** Link reply, ticket, result; false when the ticket is wrong. */
    private boolean link(DataInputStream in, OutputStream out) throws IOException, GeneralSecurityException {
        byte[] pub = keys.getPublic().getEncoded();
        ByteBuffer body = le(4 + pub.length + 16);
        body.putInt(0).put(pub).putInt(1).putInt(0).putInt(4 + pub.length + 12);
        body.putInt((1 << 0) | (1 << 1) | (1 << CAP_MINI_HEADER));
        out.write(le(16).putInt(MAGIC).putInt(2).putInt(2).putInt(body.capacity()).array());
        out.write(body.array());
        out.flush();
        byte[] mechanism = in.readNBytes(4);
        byte[] ticket = in.readNBytes(128);
        if (ticket.length < 128) {
            return false;
        }
        boolean ok = ByteBuffer.wrap(mechanism).order(ByteOrder.LITTLE_ENDIAN).getInt() == 1
                && password.equals(decryptTicket(ticket));
        out.write(le(4).putInt(ok ? 0 : 7).array());
        out.flush();
        if (!ok) {
            refusedTickets.incrementAndGet();
        }
        return ok;
    }

    private String decryptTicket(byte[] ticket) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.DECRYPT_MODE, keys.getPrivate(), new OAEPParameterSpec("SHA-1", "MGF1",
                    MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
            byte[] plain = c.doFinal(ticket);
            if (plain.length == 0 || plain[plain.length - 1] != 0) {
                return null;
            }
            return new String(plain, 0, plain.length - 1, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private void readMessages(DataInputStream in, OutputStream out, int type) throws IOException {
        int motions = 0;
        while (true) {
            byte[] h = in.readNBytes(6);
            if (h.length < 6) {
                return;
            }
            ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
            int msgType = hb.getShort(0) & 0xFFFF;
            int size = hb.getInt(2);
            if (size < 0 || size > MAX_MESSAGE) {
                return;
            }
            in.skipNBytes(size);
            if (type == CH_MAIN && msgType == 104) { // ATTACH_CHANNELS
                ByteBuffer list = le(4 + 4).putInt(2);
                list.put((byte) CH_DISPLAY).put((byte) 0).put((byte) CH_INPUTS).put((byte) 0);
                out.write(frame(104, list.array()));
                out.flush();
            } else if (type == CH_INPUTS && msgType >= 101) {
                inputEvents.incrementAndGet();
                if ((msgType == 111 || msgType == 112) && ++motions % 4 == 0) {
                    out.write(frame(111, new byte[0])); // MOUSE_MOTION_ACK
                    out.flush();
                }
            }
        }
    }

    private void tick() {
        int f = ++frame;
        byte[] update = update(f);
        for (Display d : displays) {
            if (d.send(update)) {
                framesSent.incrementAndGet();
            }
        }
    }

    /** SURFACE_CREATE (primary, 32-bit xRGB), a background fill and a MARK. */
    private static byte[] surface() {
        ByteBuffer create = le(20).putInt(0).putInt(WIDTH).putInt(HEIGHT).putInt(32).putInt(1);
        return concat(frame(314, create.array()), frame(302, fill(0, 0, WIDTH, HEIGHT, 0x203040)), frame(102, new byte[0]));
    }

    /** Frame {@code f}: the background in a cycling colour, the square one step further along, a MARK. */
    static byte[] update(int f) {
        int side = 16;
        int x = (f * 8) % (WIDTH - side);
        int y = (f * 5) % (HEIGHT - side);
        int bg = 0x203040 + ((f * 0x050301) & 0x3F3F3F);
        return concat(frame(302, fill(0, 0, WIDTH, HEIGHT, bg)), frame(302, fill(x, y, x + side, y + side, 0xF0C020)),
                frame(102, new byte[0]));
    }

    /** DRAW_FILL body on surface 0: box, no clip, solid brush, ROPD_OP_PUT, no mask. */
    private static byte[] fill(int left, int top, int right, int bottom, int rgb) {
        ByteBuffer b = le(4 + 16 + 1 + 1 + 4 + 2 + 1 + 12);
        b.putInt(0).putInt(top).putInt(left).putInt(bottom).putInt(right).put((byte) 0);
        b.put((byte) 1).putInt(rgb).putShort((short) 8).put((byte) 0).putInt(0).putInt(0).putInt(0);
        return b.array();
    }

    /** MAIN_INIT: a session id, one display, client and server mouse (client current), no agent. */
    private static byte[] mainInit() {
        return le(32).putInt(0x5354).putInt(1).putInt(3).putInt(2).putInt(0).putInt(0).putInt(0).putInt(0).array();
    }

    private static byte[] frame(int type, byte[] body) {
        return le(6 + body.length).putShort((short) type).putInt(body.length).put(body).array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** One linked display channel; writes are serialised so the ticker and the link never interleave. */
    private static final class Display {
        private final OutputStream out;

        Display(OutputStream out) {
            this.out = out;
        }

        synchronized boolean send(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
                return true;
            } catch (IOException e) {
                return false; // its reader sees the end and removes it
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
