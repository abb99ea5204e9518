package org.thinspice.engine.hostile;

import org.thinspice.engine.wire.WireWriter;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * A scripted SPICE server on 127.0.0.1 for hostile-input tests. It does a real link exchange (per-server
 * RSA-1024 key, SubjectPublicKeyInfo in the reply, caps AUTH_SELECTION|AUTH_SPICE|MINI_HEADER, OAEP ticket
 * checked against the password), then on the main channel sends INIT and answers ATTACH_CHANNELS with a
 * CHANNELS_LIST, and on the display channel plays the frames the test scripted. Any stage can be replaced
 * by raw bytes so a test can send what a real server never would.
 *
 * <p>Plain blocking sockets, one thread per connection; {@link #close()} closes every socket.
 */
public final class FakeSpiceServer implements AutoCloseable {
    public static final int MAIN = 1;
    public static final int DISPLAY = 2;
    public static final int MAGIC = 0x51444552;
    /** A script entry that makes the server end its side of the connection (EOF) at that point. */
    public static final byte[] CLOSE = new byte[0];

    /** A message the client sent: the channel type it came on, the connection's serial, type and body. */
    public record ClientMessage(int channelType, int connection, int type, byte[] body) {
    }

    private final String password;
    private final KeyPair keys;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<Integer, byte[]> rawLinkAnswers = new ConcurrentHashMap<>();
    private final BlockingQueue<ClientMessage> received = new LinkedBlockingQueue<>();
    /** Channel types whose connection the client closed (EOF seen by the server), in order. */
    private final BlockingQueue<Integer> closedByClient = new LinkedBlockingQueue<>();
    /** Linked channel sockets by channel type (the latest of each). */
    private final java.util.Map<Integer, Socket> linked = new java.util.concurrent.ConcurrentHashMap<>();
    /** Channel types whose client had already closed its side when the main channel's end of stream arrived. */
    private final java.util.Set<Integer> closedBeforeMain = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Throwable> serverErrors = new CopyOnWriteArrayList<>();
    private volatile int linkResult = 0;
    private volatile Supplier<byte[]> channelsList = () -> channelsList(new int[][] {{DISPLAY, 0}});
    private volatile Supplier<List<byte[]>> mainScript = List::of;
    private volatile Supplier<List<byte[]>> displayScript = List::of;
    private volatile java.util.function.BiFunction<Integer, Integer, List<byte[]>> channelScript = (t, id) -> List.of();
    private volatile int connections;

    public FakeSpiceServer(String password) throws IOException, GeneralSecurityException {
        this.password = password;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        this.keys = g.generateKeyPair();
        if (keys.getPublic().getEncoded().length != 162) {
            throw new IllegalStateException("RSA-1024 SubjectPublicKeyInfo is not 162 bytes");
        }
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-spice-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Instead of a link reply, the channel of this type gets exactly these bytes, then EOF. */
    public FakeSpiceServer rawLinkAnswer(int channelType, byte[] bytes) {
        rawLinkAnswers.put(channelType, bytes.clone());
        return this;
    }

    /** The u32 sent after a correct ticket (0 = OK). A wrong ticket always gets PERMISSION_DENIED (7). */
    public FakeSpiceServer linkResult(int code) {
        this.linkResult = code;
        return this;
    }

    /** The CHANNELS_LIST frame answering ATTACH_CHANNELS. */
    public FakeSpiceServer channelsList(Supplier<byte[]> frame) {
        this.channelsList = frame;
        return this;
    }

    /** Frames sent on the main channel after the CHANNELS_LIST (asked for once per main connection). */
    public FakeSpiceServer mainScript(Supplier<List<byte[]>> frames) {
        this.mainScript = frames;
        return this;
    }

    /** Frames sent on each display channel right after its link (asked for once per display connection). */
    public FakeSpiceServer displayScript(Supplier<List<byte[]>> frames) {
        this.displayScript = frames;
        return this;
    }

    /**
     * Frames sent right after the link on channels other than main and display, chosen by channel type and
     * id (asked for once per connection).
     */
    public FakeSpiceServer channelScript(java.util.function.BiFunction<Integer, Integer, List<byte[]>> frames) {
        this.channelScript = frames;
        return this;
    }

    public BlockingQueue<ClientMessage> received() {
        return received;
    }

    public BlockingQueue<Integer> closedByClient() {
        return closedByClient;
    }

    /**
     * Channel types whose client side had already closed when the main channel's end of stream was read —
     * from the kernel's socket states, since this server's reader threads notice their ends of stream in
     * whatever order the scheduler runs them.
     */
    public java.util.Set<Integer> closedBeforeMain() {
        return closedBeforeMain;
    }

    private void noteChannelsClosedBeforeMain() {
        for (java.util.Map.Entry<Integer, Socket> e : linked.entrySet()) {
            if (e.getKey() != MAIN && peerHasClosed(e.getValue())) {
                closedBeforeMain.add(e.getKey());
            }
        }
    }

    /** Whether the kernel holds the peer's FIN for {@code s}: CLOSE_WAIT or later in /proc/net/tcp{,6}, or gone. */
    private static boolean peerHasClosed(Socket s) {
        if (s.isClosed()) {
            return true;
        }
        String ports = String.format(":%04X", s.getLocalPort());
        String remote = String.format(":%04X", s.getPort());
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(ports) && f[2].endsWith(remote)) {
                        // 01 ESTABLISHED is the only state in which the client has not closed yet
                        return !f[3].equals("01");
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return true;
    }

    /** Unexpected failures inside the server itself (not the client's doing). */
    public List<Throwable> serverErrors() {
        return serverErrors;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int n = ++connections;
                Thread t = new Thread(() -> serve(s, n), "fake-spice-conn-" + n);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        int type = -1;
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] header = in.readNBytes(16);
            if (header.length < 16) {
                return;
            }
            int size = le32(header, 12);
            byte[] mess = readFully(in, size);
            type = mess[4] & 0xFF;
            byte[] raw = rawLinkAnswers.get(type);
            if (raw != null) {
                out.write(raw);
                out.flush();
                s.shutdownOutput();
                drain(in, type);
                return;
            }
            if (!link(in, out)) {
                drain(in, type);
                return;
            }
            linked.put(type, s);
            if (type == MAIN) {
                out.write(frame(103, mainInit()));
                out.flush();
            } else if (type == DISPLAY) {
                writeAll(s, out, displayScript.get());
            } else {
                writeAll(s, out, channelScript.apply(type, mess[5] & 0xFF));
            }
            readMessages(in, out, type, connection);
        } catch (IOException e) {
            // The client closing or resetting the connection is what most scripts provoke.
            if (type >= 0 && !(e instanceof SocketException) && !(e instanceof EOFException)) {
                serverErrors.add(e);
            }
            if (type >= 0) {
                closedByClient.add(type);
            }
        } catch (RuntimeException | GeneralSecurityException e) {
            serverErrors.add(e);
        } finally {
            sockets.remove(s);
        }
    }

    /** The normal link reply, ticket check and result; false when the ticket was wrong. */
    private boolean link(DataInputStream in, OutputStream out) throws IOException, GeneralSecurityException {
        byte[] pub = keys.getPublic().getEncoded();
        WireWriter reply = new WireWriter(182);
        reply.u32(0).bytes(pub).u32(1).u32(0).u32(178).u32((1 << 0) | (1 << 1) | (1 << 3));
        byte[] body = reply.toByteArray();
        out.write(new WireWriter(16).u32(MAGIC).u32(2).u32(2).u32(body.length).toByteArray());
        out.write(body);
        out.flush();
        byte[] mechanism = readFully(in, 4);
        byte[] ticket = readFully(in, 128);
        boolean ok = le32(mechanism, 0) == 1 && password.equals(decryptTicket(ticket));
        out.write(new WireWriter(4).u32(ok ? linkResult : 7).toByteArray());
        out.flush();
        return ok && linkResult == 0;
    }

    private String decryptTicket(byte[] ticket) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.DECRYPT_MODE, keys.getPrivate(), new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        byte[] plain = c.doFinal(ticket);
        if (plain.length == 0 || plain[plain.length - 1] != 0) {
            return null;
        }
        return new String(plain, 0, plain.length - 1, StandardCharsets.UTF_8);
    }

    private void readMessages(DataInputStream in, OutputStream out, int type, int connection) throws IOException {
        while (true) {
            byte[] h = in.readNBytes(6);
            if (h.length < 6) {
                if (type == MAIN) {
                    noteChannelsClosedBeforeMain();
                }
                closedByClient.add(type);
                return;
            }
            int msgType = (h[0] & 0xFF) | (h[1] & 0xFF) << 8;
            byte[] body = readFully(in, le32(h, 2));
            received.add(new ClientMessage(type, connection, msgType, body));
            if (type == MAIN && msgType == 104) { // ATTACH_CHANNELS
                out.write(channelsList.get());
                writeAll(null, out, mainScript.get());
            }
        }
    }

    private void drain(InputStream in, int type) throws IOException {
        byte[] sink = new byte[4096];
        while (in.read(sink) >= 0) {
            // discard until the client closes
        }
        closedByClient.add(type);
    }

    private static void writeAll(Socket s, OutputStream out, List<byte[]> frames) throws IOException {
        for (byte[] f : frames) {
            if (f == CLOSE && s != null) {
                out.flush();
                s.shutdownOutput();
                return;
            }
            out.write(f);
        }
        out.flush();
    }

    private static byte[] readFully(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > (1 << 20)) {
            throw new IOException("client sent a length of " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /** MAIN_INIT: session 0x1234, one display, server+client mouse (current server), no agent. */
    static byte[] mainInit() {
        return new WireWriter(32).u32(0x1234).u32(1).u32(3).u32(1).u32(0).u32(10).u32(1000).u32(0).toByteArray();
    }

    /** A mini-header frame: u16 type, u32 size, body. */
    public static byte[] frame(int type, byte[] body) {
        return new WireWriter(6 + body.length).u16(type).u32(body.length).bytes(body).toByteArray();
    }

    /** A mini header whose size field says {@code size}, followed by {@code actual} (possibly fewer) bytes. */
    public static byte[] lyingFrame(int type, long size, byte[] actual) {
        return new WireWriter(6 + actual.length).u16(type).u32(size).bytes(actual).toByteArray();
    }

    /** CHANNELS_LIST frame with the given {type, id} pairs. */
    public static byte[] channelsList(int[][] channels) {
        WireWriter w = new WireWriter().u32(channels.length);
        for (int[] c : channels) {
            w.u8(c[0]).u8(c[1]);
        }
        return frame(104, w.toByteArray());
    }

    /** A 16-byte link header followed by a reply body that carries only {@code error} (rest zero). */
    public static byte[] linkError(int error) {
        byte[] body = new byte[178];
        byte[] e = new WireWriter(4).u32(error).toByteArray();
        System.arraycopy(e, 0, body, 0, 4);
        return concat(new WireWriter(16).u32(MAGIC).u32(2).u32(2).u32(178).toByteArray(), body);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] head(byte[] b, int n) {
        return Arrays.copyOf(b, n);
    }

    @Override
    public void close() throws InterruptedException {
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
        acceptor.join(2000);
        for (Thread t : threads) {
            t.join(2000);
        }
    }
}
