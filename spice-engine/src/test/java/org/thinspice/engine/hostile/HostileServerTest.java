package org.thinspice.engine.hostile;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceAuthException;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceLinkException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.wire.WireWriter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.thinspice.engine.hostile.DisplayMessages.COPY_BITS;
import static org.thinspice.engine.hostile.DisplayMessages.DRAW_COPY;
import static org.thinspice.engine.hostile.DisplayMessages.DRAW_FILL;
import static org.thinspice.engine.hostile.DisplayMessages.ROPD_PUT;
import static org.thinspice.engine.hostile.DisplayMessages.SURFACE_CREATE;
import static org.thinspice.engine.hostile.FakeSpiceServer.DISPLAY;
import static org.thinspice.engine.hostile.FakeSpiceServer.MAIN;
import static org.thinspice.engine.hostile.FakeSpiceServer.frame;

/**
 * A scripted fake server sends truncated, oversized, out-of-range and garbage messages. For each the
 * engine must close that channel with a typed {@link SpiceException} carrying the expected
 * {@link SpiceReason}, let no exception escape to any thread or to the end of a Netty pipeline, stay
 * within its documented caps ({@link Limits}), and close cleanly afterwards without leaking ByteBufs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileServerTest {
    private static final String PASSWORD = "s3cret";
    private static final long WAIT_MS = 5000;
    private static final int W = 64;
    private static final int H = 48;
    private static final List<String> UNCAUGHT = new CopyOnWriteArrayList<>();
    private static Thread.UncaughtExceptionHandler previousHandler;
    private static LogWatch logs;

    private FakeSpiceServer server;

    @BeforeAll
    static void watchThreads() {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> UNCAUGHT.add(t.getName() + ": " + e));
        logs = new LogWatch();
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        try {
            // Paranoid leak detection reports a leaked buffer when a later allocation finds it collected.
            for (int round = 0; round < 3; round++) {
                System.gc();
                Thread.sleep(100);
                for (int i = 0; i < 200; i++) {
                    ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(64);
                    b.release();
                }
            }
            List<String> leaks = logs.problems().stream().filter(p -> p.contains("LEAK")).toList();
            assertTrue(leaks.isEmpty(), "ByteBuf leaks: " + leaks);
            assertTrue(UNCAUGHT.isEmpty(), "uncaught: " + UNCAUGHT);
        } finally {
            logs.close();
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeSpiceServer(PASSWORD);
        logs.clear();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        assertTrue(UNCAUGHT.isEmpty(), "exceptions reached a thread's uncaught handler: " + UNCAUGHT);
        assertTrue(logs.problems().isEmpty(), "warnings/errors were logged: " + logs.problems());
        assertTrue(server.serverErrors().isEmpty(), "the fake server itself failed: " + server.serverErrors());
    }

    private SpiceConnectOptions options(String password) throws SpiceException {
        return SpiceConnectOptions.builder().host("127.0.0.1").port(server.port()).password(password)
                .linkTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    // ---------------------------------------------------------------- link stage

    /** Connect must fail; returns the future's cause after checking the listener heard the same. */
    private SpiceException linkFailure() throws Exception {
        SessionRecorder rec = new SessionRecorder();
        try {
            SpiceSession s = SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS);
            s.close();
            fail("connect succeeded against a hostile link answer");
            return null;
        } catch (ExecutionException e) {
            SpiceException cause = assertInstanceOf(SpiceException.class, e.getCause());
            assertEquals(cause, rec.awaitDisconnected(WAIT_MS), "onDisconnected carries the connect failure");
            SessionRecorder.Closed c = rec.awaitClosed(ChannelType.MAIN, WAIT_MS);
            assertNotNull(c, "main channel close reported");
            assertEquals(cause, c.cause());
            assertEquals(MAIN, server.closedByClient().poll(WAIT_MS, TimeUnit.MILLISECONDS),
                    "client closed the main connection");
            return cause;
        }
    }

    @Test
    void truncatedLinkReplyIsConnectionLost() throws Exception {
        byte[] full = FakeSpiceServer.linkError(0);
        server.rawLinkAnswer(MAIN, FakeSpiceServer.head(full, 16 + 100));
        assertEquals(SpiceReason.CONNECTION_LOST, linkFailure().reason());
    }

    @Test
    void truncatedLinkHeaderIsConnectionLost() throws Exception {
        server.rawLinkAnswer(MAIN, FakeSpiceServer.head(FakeSpiceServer.linkError(0), 7));
        assertEquals(SpiceReason.CONNECTION_LOST, linkFailure().reason());
    }

    @Test
    void badMagicIsProtocolError() throws Exception {
        byte[] reply = FakeSpiceServer.linkError(0);
        reply[0] = 'X';
        server.rawLinkAnswer(MAIN, reply);
        SpiceException e = linkFailure();
        assertInstanceOf(SpiceLinkException.class, e);
        assertEquals(SpiceReason.PROTOCOL_ERROR, e.reason());
    }

    @Test
    void otherMajorVersionIsVersionMismatch() throws Exception {
        byte[] reply = FakeSpiceServer.linkError(0);
        reply[4] = 1;
        server.rawLinkAnswer(MAIN, reply);
        assertEquals(SpiceReason.VERSION_MISMATCH, linkFailure().reason());
    }

    @Test
    void hugeLinkReplySizeFailsAtOnce() throws Exception {
        byte[] header = new WireWriter(16).u32(FakeSpiceServer.MAGIC).u32(2).u32(2).u32(0x7fffffffL).toByteArray();
        server.rawLinkAnswer(MAIN, FakeSpiceServer.concat(header, new byte[64]));
        long t0 = System.nanoTime();
        SpiceException e = linkFailure();
        assertEquals(SpiceReason.PROTOCOL_ERROR, e.reason());
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
        // Not the link timeout: the size alone was judged, no body was awaited.
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4));
    }

    @Test
    void garbagePublicKeyIsProtocolError() throws Exception {
        byte[] key = new byte[162];
        new Random(1).nextBytes(key);
        byte[] body = new WireWriter().u32(0).bytes(key).u32(1).u32(0).u32(178).u32(0b1011).toByteArray();
        byte[] header = new WireWriter().u32(FakeSpiceServer.MAGIC).u32(2).u32(2).u32(body.length).toByteArray();
        server.rawLinkAnswer(MAIN, FakeSpiceServer.concat(header, body));
        assertEquals(SpiceReason.PROTOCOL_ERROR, linkFailure().reason());
    }

    @ParameterizedTest(name = "link error {0} -> {1}")
    @CsvSource({
            "1, LINK_REFUSED", "2, PROTOCOL_ERROR", "3, PROTOCOL_ERROR", "4, VERSION_MISMATCH", "5, NEED_SECURED",
            "6, LINK_REFUSED", "7, AUTH_FAILED", "8, LINK_REFUSED", "9, CHANNEL_NOT_AVAILABLE", "-1, LINK_REFUSED"})
    void linkErrorCodesMapToReasons(int code, SpiceReason reason) throws Exception {
        server.rawLinkAnswer(MAIN, FakeSpiceServer.linkError(code));
        SpiceException e = linkFailure();
        assertEquals(reason, e.reason());
        if (code == 7) {
            assertInstanceOf(SpiceAuthException.class, e);
        } else {
            assertEquals(code, assertInstanceOf(SpiceLinkException.class, e).linkError());
        }
    }

    @Test
    void wrongPasswordIsAuthFailed() throws Exception {
        SessionRecorder rec = new SessionRecorder();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> SpiceSession.connect(options("wrong"), rec).get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(SpiceAuthException.class, e.getCause());
        assertEquals(SpiceReason.AUTH_FAILED, rec.awaitDisconnected(WAIT_MS).reason());
    }

    @Test
    void errorAsFinalLinkResultMapsToReason() throws Exception {
        server.linkResult(9);
        SessionRecorder rec = new SessionRecorder();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(SpiceReason.CHANNEL_NOT_AVAILABLE, ((SpiceException) e.getCause()).reason());
    }

    // ---------------------------------------------------------------- display channel

    private static byte[] primary() {
        return frame(SURFACE_CREATE, DisplayMessages.surfaceCreate(0, W, H, Surface.FMT_32_XRGB, 1));
    }

    /**
     * Runs a display script that must make the engine close the display channel with an error; checks
     * the main channel stays up and the session closes cleanly, and returns the error.
     */
    private SpiceException displayFailure(byte[]... script) throws Exception {
        server.displayScript(() -> List.of(script));
        SessionRecorder rec = new SessionRecorder();
        SpiceSession s = SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS);
        try {
            SessionRecorder.Closed c = rec.awaitClosed(ChannelType.DISPLAY, WAIT_MS);
            assertNotNull(c, "display channel was not closed within " + WAIT_MS + " ms");
            assertNotNull(c.cause(), "display channel closed without an error");
            assertEquals(DISPLAY, server.closedByClient().poll(WAIT_MS, TimeUnit.MILLISECONDS),
                    "the client closed the display connection");
            assertTrue(!rec.isDisconnected(), "a display error must not end the session");
            assertNull(rec.awaitClosed(ChannelType.DISPLAY, 100), "the display close is reported once");
            assertTrue(rec.closed.stream().noneMatch(x -> x.type() == ChannelType.MAIN), "main stays open");
            return c.cause();
        } finally {
            s.close();
            assertNull(rec.awaitDisconnected(WAIT_MS), "orderly close after the failure");
            assertEquals(1, rec.disconnects().size(), "onDisconnected heard once");
        }
    }

    private static <T extends SpiceException> T expect(Class<T> type, SpiceReason reason, SpiceException e) {
        T t = assertInstanceOf(type, e);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getCause() == null || !(e.getCause() instanceof RuntimeException),
                "a runtime exception was only caught as a last resort: " + e.getCause());
        return t;
    }

    @Test
    void wellFormedScriptDrawsAndKeepsTheChannelOpen() throws Exception {
        int[] px = new int[4 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0x10203 * (i + 1);
        }
        server.displayScript(() -> List.of(primary(),
                frame(DRAW_FILL, DisplayMessages.fill(0, 0, 0, W, H, 0x336699, ROPD_PUT)),
                frame(DRAW_COPY, DisplayMessages.copy(0, 10, 5, 14, 8, new int[] {0, 0, 4, 3},
                        DisplayMessages.bitmap32(1, 0, 4, 3, px), -1))));
        SessionRecorder rec = new SessionRecorder();
        SpiceSession s = SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS);
        try {
            Surface surface = rec.primary.get(WAIT_MS, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (rec.drawsApplied.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(DRAW_FILL, DRAW_COPY), rec.drawsApplied);
            int[] shot = surface.snapshot();
            assertEquals(0xFF336699, shot[0]);
            assertEquals(0xFF000000 | px[0], shot[5 * W + 10]);
            assertEquals(0xFF000000 | px[11], shot[7 * W + 13]);
            assertEquals(0xFF336699, shot[8 * W + 13]);
            assertTrue(rec.closed.isEmpty(), "no channel closed: " + rec.closed);
        } finally {
            s.close();
        }
        assertNull(rec.awaitDisconnected(WAIT_MS));
    }

    @Test
    void truncatedMessageBodyIsProtocolError() throws Exception {
        SpiceException e = displayFailure(frame(SURFACE_CREATE, new byte[10]));
        expect(SpiceProtocolException.class, SpiceReason.PROTOCOL_ERROR, e);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void streamEndingInsideAMessageIsConnectionLost() throws Exception {
        // The fake server closes its side after the script; the frame promised 100 bytes and sent 40.
        SpiceException e = displayFailure(primary(), FakeSpiceServer.lyingFrame(DRAW_FILL, 100, new byte[40]),
                FakeSpiceServer.CLOSE);
        assertEquals(SpiceReason.CONNECTION_LOST, e.reason());
    }

    @Test
    void messageSizeOverTheCapFailsWithoutBufferingTheBody() throws Exception {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        SpiceException e = displayFailure(primary(),
                FakeSpiceServer.lyingFrame(DRAW_FILL, 0x7fffffffL, new byte[4096]));
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, e);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        assertTrue(peak - before < 512L << 20, "heap grew by " + ((peak - before) >> 20) + " MiB");
    }

    @Test
    void messageSizeJustOverTheCapIsLimitExceeded() throws Exception {
        SpiceException e = displayFailure(primary(),
                FakeSpiceServer.lyingFrame(DRAW_FILL, Limits.MAX_MESSAGE_SIZE + 1L, new byte[16]));
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, e);
    }

    @Test
    void hugeSurfaceIsLimitExceeded() throws Exception {
        SpiceException e = displayFailure(frame(SURFACE_CREATE,
                DisplayMessages.surfaceCreate(0, 100000, 100000, Surface.FMT_32_XRGB, 1)));
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, e);
    }

    @Test
    void zeroWidthSurfaceIsRejected() throws Exception {
        SpiceException e = displayFailure(frame(SURFACE_CREATE,
                DisplayMessages.surfaceCreate(0, 0, 100, Surface.FMT_32_XRGB, 1)));
        // Limits.checkedPixels reports every out-of-range dimension, zero included, as LIMIT_EXCEEDED.
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, e);
    }

    @Test
    void surfacesBeyondTheTotalPixelCapAreLimitExceeded() throws Exception {
        // Each surface is within MAX_PIXELS; together they would pass MAX_SURFACE_PIXELS_TOTAL.
        int side = 4096;
        int n = (int) (Limits.MAX_SURFACE_PIXELS_TOTAL / ((long) side * side)) + 1;
        byte[][] script = new byte[n][];
        for (int i = 0; i < n; i++) {
            script[i] = frame(SURFACE_CREATE, DisplayMessages.surfaceCreate(i + 1, side, side, Surface.FMT_32_XRGB, 0));
        }
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, displayFailure(script));
    }

    @Test
    void drawOnUnknownSurfaceIsProtocolError() throws Exception {
        SpiceException e = displayFailure(primary(), frame(DRAW_FILL, DisplayMessages.fill(7, 0, 0, 4, 4, 0, ROPD_PUT)));
        expect(SpiceProtocolException.class, SpiceReason.PROTOCOL_ERROR, e);
    }

    @Test
    void hugeClipCountIsLimitExceeded() throws Exception {
        WireWriter base = new WireWriter().u32(0);
        DisplayMessages.rect(base, 0, 0, 8, 8);
        base.u8(1).u32(0x7fffffffL);
        SpiceException e = displayFailure(primary(), frame(DRAW_FILL, DisplayMessages.fill(base, 0, ROPD_PUT)));
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, e);
    }

    @Test
    void clipCountBeyondTheBodyIsProtocolError() throws Exception {
        WireWriter base = new WireWriter().u32(0);
        DisplayMessages.rect(base, 0, 0, 8, 8);
        base.u8(1).u32(1000);
        DisplayMessages.rect(base, 0, 0, 4, 4);
        SpiceException e = displayFailure(primary(), frame(DRAW_FILL, DisplayMessages.fill(base, 0, ROPD_PUT)));
        expect(SpiceProtocolException.class, SpiceReason.PROTOCOL_ERROR, e);
    }

    @Test
    void imagePointerPastTheEndIsProtocolError() throws Exception {
        byte[] image = DisplayMessages.bitmap32(1, 0, 1, 1, new int[] {0});
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY,
                DisplayMessages.copy(0, 0, 0, 1, 1, new int[] {0, 0, 1, 1}, image, 100_000)));
        expect(SpiceProtocolException.class, SpiceReason.PROTOCOL_ERROR, e);
    }

    @Test
    void hugeImageDescriptorIsLimitExceeded() throws Exception {
        byte[] image = DisplayMessages.binaryImage(1, 1, 1 << 30, 1 << 30, new byte[32]);
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY, DisplayMessages.copyAll(4, 4, image)));
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, e);
    }

    @Test
    void bitmapWithStrideTimesHeightBeyondDataIsImageError() throws Exception {
        WireWriter w = DisplayMessages.descriptor(1, 0, 0, 16, 16);
        w.u8(8).u8(4).u32(16).u32(16).u32(64).u32(0).bytes(new byte[64 * 3]);
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY, DisplayMessages.copyAll(16, 16, w.toByteArray())));
        expect(SpiceImageException.class, SpiceReason.IMAGE_ERROR, e);
    }

    @ParameterizedTest(name = "garbage {0} image")
    @CsvSource({"QUIC, 1", "LZ_RGB, 101", "GLZ_RGB, 102", "LZ4, 109"})
    void garbageImagePayloadIsImageError(String name, int type) throws Exception {
        byte[] garbage = new byte[600];
        new Random(type).nextBytes(garbage);
        byte[] image = DisplayMessages.binaryImage(1, type, 16, 16, garbage);
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY, DisplayMessages.copyAll(16, 16, image)));
        expect(SpiceImageException.class, SpiceReason.IMAGE_ERROR, e);
    }

    @Test
    void garbageZlibGlzIsImageError() throws Exception {
        byte[] garbage = new byte[600];
        new Random(107).nextBytes(garbage);
        byte[] image = DisplayMessages.descriptor(1, 107, 0, 16, 16).u32(400).u32(garbage.length).bytes(garbage)
                .toByteArray();
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY, DisplayMessages.copyAll(16, 16, image)));
        expect(SpiceImageException.class, SpiceReason.IMAGE_ERROR, e);
    }

    @Test
    void garbageBitmapFormatIsImageError() throws Exception {
        WireWriter w = DisplayMessages.descriptor(1, 0, 0, 4, 4);
        w.u8(200).u8(4).u32(4).u32(4).u32(16).u32(0).bytes(new byte[64]);
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY, DisplayMessages.copyAll(4, 4, w.toByteArray())));
        expect(SpiceImageException.class, SpiceReason.IMAGE_ERROR, e);
    }

    @Test
    void lzPaletteImageWithoutPaletteIsImageError() throws Exception {
        byte[] data = new byte[64];
        new Random(100).nextBytes(data);
        WireWriter w = DisplayMessages.descriptor(1, 100, 0, 8, 8).u8(0).u32(data.length).u32(0).bytes(data);
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY, DisplayMessages.copyAll(8, 8, w.toByteArray())));
        expect(SpiceImageException.class, SpiceReason.IMAGE_ERROR, e);
    }

    @Test
    void fromCacheOfUnknownIdIsImageError() throws Exception {
        byte[] image = DisplayMessages.descriptor(0xABCDEFL, 103, 0, 4, 4).toByteArray();
        SpiceException e = displayFailure(primary(), frame(DRAW_COPY, DisplayMessages.copyAll(4, 4, image)));
        expect(SpiceImageException.class, SpiceReason.IMAGE_ERROR, e);
        assertTrue(e.getMessage().contains(Long.toUnsignedString(0xABCDEFL)), e.getMessage());
    }

    @Test
    void copyBitsWithAbsurdSourceDoesNotFail() throws Exception {
        // Out-of-surface sources are clipped, not an error: the channel must stay open (checked via PONG).
        server.displayScript(() -> List.of(primary(),
                frame(COPY_BITS, DisplayMessages.copyBits(0, 0, 0, W, H, Integer.MAX_VALUE, Integer.MIN_VALUE)),
                frame(DRAW_COPY, DisplayMessages.copy(0, Integer.MIN_VALUE, 0, Integer.MAX_VALUE, H,
                        new int[] {Integer.MAX_VALUE - 2, 0, Integer.MIN_VALUE, 1},
                        DisplayMessages.bitmap32(1, 0, 1, 1, new int[] {0xFFFFFF}), -1)),
                ping(4242)));
        SessionRecorder rec = new SessionRecorder();
        SpiceSession s = SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS);
        try {
            assertTrue(awaitPong(DISPLAY, 4242), "display answered the PING after the draws");
            assertTrue(rec.closed.isEmpty(), "no channel closed: " + rec.closed);
        } finally {
            s.close();
        }
    }

    // ---------------------------------------------------------------- main channel and common messages

    /** A main-channel script that must end the session with an error; returns it. */
    private SpiceException mainFailure(Supplier<byte[]> channelsList, byte[]... script) throws Exception {
        if (channelsList != null) {
            server.channelsList(channelsList);
        } else {
            server.channelsList(() -> FakeSpiceServer.channelsList(new int[0][]));
        }
        server.mainScript(() -> List.of(script));
        SessionRecorder rec = new SessionRecorder();
        SpiceSession s = SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS);
        try {
            SpiceException cause = rec.awaitDisconnected(WAIT_MS);
            assertNotNull(cause, "session ended with an error");
            SessionRecorder.Closed c = rec.awaitClosed(ChannelType.MAIN, WAIT_MS);
            assertNotNull(c);
            assertEquals(cause, c.cause());
            assertEquals(MAIN, server.closedByClient().poll(WAIT_MS, TimeUnit.MILLISECONDS));
            return cause;
        } finally {
            s.close();
            assertEquals(1, rec.disconnects().size(), "onDisconnected heard once: " + rec.disconnects());
        }
    }

    @Test
    void channelsListCountOf2To31IsLimitExceeded() throws Exception {
        SpiceException e = mainFailure(() -> frame(104, new WireWriter().u32(1L << 31).u8(2).u8(0).toByteArray()));
        expect(SpiceProtocolException.class, SpiceReason.LIMIT_EXCEEDED, e);
    }

    @Test
    void notifyLongerThanItsBodyIsProtocolError() throws Exception {
        byte[] notify = new WireWriter().u64(0).u32(2).u32(2).u32(0).u32(1000).bytes("hi".getBytes()).toByteArray();
        SpiceException e = mainFailure(null, frame(7, notify));
        expect(SpiceProtocolException.class, SpiceReason.PROTOCOL_ERROR, e);
    }

    @Test
    void nestedListIsProtocolError() throws Exception {
        byte[] inner = new WireWriter().u16(0).toByteArray();
        // LIST { count 1, offset 6 } -> sub-message { type LIST, size, body }
        byte[] list = new WireWriter().u16(1).u32(6).u16(8).u32(inner.length).bytes(inner).toByteArray();
        SpiceException e = mainFailure(null, frame(8, list));
        expect(SpiceProtocolException.class, SpiceReason.PROTOCOL_ERROR, e);
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void listOffsetPastTheEndIsProtocolError() throws Exception {
        byte[] list = new WireWriter().u16(1).u32(5000).toByteArray();
        expect(SpiceProtocolException.class, SpiceReason.PROTOCOL_ERROR, mainFailure(null, frame(8, list)));
    }

    @Test
    void repeatedChannelsListOpensOneDisplay() throws Exception {
        byte[] list = FakeSpiceServer.channelsList(new int[][] {{DISPLAY, 0}, {DISPLAY, 0}});
        server.channelsList(() -> list);
        server.mainScript(() -> List.of(list, list, ping(77)));
        SessionRecorder rec = new SessionRecorder();
        SpiceSession s = SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS);
        try {
            assertTrue(awaitPong(MAIN, 77));
            Thread.sleep(300); // a wrongly opened second display would link within this time
            long displayLinks = server.received().stream()
                    .filter(m -> m.channelType() == DISPLAY && m.type() == 101).count();
            assertEquals(1, displayLinks, "one DISPLAY INIT, so one display connection");
        } finally {
            s.close();
        }
    }

    private static byte[] ping(long id) {
        return frame(4, new WireWriter().u32(id).u64(123456789L).toByteArray());
    }

    private boolean awaitPong(int channelType, int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            if (pongSeen(channelType, id)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    // ---------------------------------------------------------------- fuzz

    private static final int[] DISPLAY_TYPES = {1, 2, 3, 4, 5, 6, 7, 8, 101, 102, 103, 104, 105, 106, 107, 108,
            122, 123, 124, 125, 126, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318,
            319};
    private static final int[] MAIN_TYPES = {1, 2, 3, 4, 5, 6, 7, 8, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110,
            111, 112, 113, 114, 115, 116, 117, 118};

    /** Random fields biased towards values that parse: small offsets and counts, zeros, extremes. */
    static byte[] randomBody(Random rnd) {
        if (rnd.nextInt(5) == 0) {
            byte[] b = new byte[rnd.nextInt(300)];
            rnd.nextBytes(b);
            return b;
        }
        if (rnd.nextInt(3) == 0) {
            // A valid COPY of a small bitmap, then a few bytes changed: reaches the image decoders.
            int[] px = new int[16];
            byte[] body = DisplayMessages.copyAll(4, 4, DisplayMessages.bitmap32(rnd.nextInt(4), rnd.nextInt(8), 4, 4, px));
            for (int k = rnd.nextInt(4) + 1; k > 0; k--) {
                body[rnd.nextInt(body.length)] = (byte) rnd.nextInt(256);
            }
            return body;
        }
        WireWriter w = new WireWriter();
        if (rnd.nextBoolean()) {
            w.u32(0);
        }
        for (int n = rnd.nextInt(30); n > 0; n--) {
            switch (rnd.nextInt(7)) {
                case 0 -> w.u8(rnd.nextInt(256));
                case 1 -> w.u32(rnd.nextInt(160));
                case 2 -> w.u32(0);
                case 3 -> w.u32(0xFFFFFFFFL);
                case 4 -> w.u32(rnd.nextInt() & 0xFFFFFFFFL);
                case 5 -> w.u16(rnd.nextInt(65536));
                default -> w.u8(rnd.nextInt(4));
            }
        }
        return w.toByteArray();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void randomBodiesForEveryMessageTypeCloseWithTypedErrorsOrAreHandled() throws Exception {
        // -Dhostile.fuzz.seed / -Dhostile.fuzz.iterations widen the search locally; the defaults keep it fast.
        long seed = Long.getLong("hostile.fuzz.seed", 0x5EED);
        int maxIterations = Integer.getInteger("hostile.fuzz.iterations", 400);
        Random rnd = new Random(seed);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Map<SpiceReason, Integer> reasons = new EnumMap<>(SpiceReason.class);
        List<String> failures = new ArrayList<>();
        int iterations = 0;
        int survived = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try {
            for (int i = 1; i <= maxIterations && System.nanoTime() < deadline; i++, iterations++) {
                boolean onDisplay = rnd.nextInt(3) != 0;
                int type = onDisplay ? DISPLAY_TYPES[rnd.nextInt(DISPLAY_TYPES.length)]
                        : MAIN_TYPES[rnd.nextInt(MAIN_TYPES.length)];
                byte[] fuzz = frame(type, randomBody(rnd));
                byte[] pingFrame = ping(i);
                server.received().clear();
                if (onDisplay) {
                    server.channelsList(() -> FakeSpiceServer.channelsList(new int[][] {{DISPLAY, 0}}));
                    server.mainScript(List::of);
                    server.displayScript(() -> List.of(primary(), fuzz, pingFrame));
                } else {
                    server.channelsList(() -> FakeSpiceServer.channelsList(new int[0][]));
                    server.mainScript(() -> List.of(fuzz, pingFrame));
                }
                SessionRecorder rec = new SessionRecorder();
                SpiceSession s = SpiceSession.connect(options(PASSWORD), rec, group).get(WAIT_MS, TimeUnit.MILLISECONDS);
                try {
                    ChannelType ct = onDisplay ? ChannelType.DISPLAY : ChannelType.MAIN;
                    String what = "iteration " + i + " type " + type + " on " + ct;
                    SessionRecorder.Closed closed = null;
                    boolean pong = false;
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
                    while (closed == null && !pong && System.nanoTime() < until) {
                        closed = rec.awaitClosed(ct, 5);
                        pong = pongSeen(onDisplay ? DISPLAY : MAIN, i);
                    }
                    if (closed != null) {
                        SpiceException e = closed.cause();
                        if (e == null) {
                            failures.add(what + ": closed without an error");
                        } else if (e.getCause() instanceof RuntimeException) {
                            failures.add(what + ": runtime exception " + e.getCause());
                        } else {
                            reasons.merge(e.reason(), 1, Integer::sum);
                        }
                    } else if (pong) {
                        survived++;
                    } else {
                        failures.add(what + ": neither closed nor answered the PING");
                    }
                } finally {
                    s.close();
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        System.out.println("fuzz seed " + seed + ": " + iterations + " iterations, " + survived + " handled, closed by reason " + reasons);
        assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.subList(0, Math.min(10, failures.size())));
        assertTrue(iterations >= 100, "only " + iterations + " iterations in the time bound");
        assertTrue(survived > 0 && !reasons.isEmpty(), "the fuzz reached both outcomes");
    }

    private boolean pongSeen(int channelType, int id) {
        for (FakeSpiceServer.ClientMessage m : server.received()) {
            if (m.channelType() == channelType && m.type() == 3 && m.body().length == 12
                    && java.nio.ByteBuffer.wrap(m.body()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0) == id) {
                return true;
            }
        }
        return false;
    }

    @Test
    void pingIsAnsweredWithItsIdAndTimestamp() throws Exception {
        server.channelsList(() -> FakeSpiceServer.channelsList(new int[0][]));
        server.mainScript(() -> List.of(frame(4, new WireWriter().u32(99).u64(0x0102030405060708L)
                .bytes(new byte[1000]).toByteArray())));
        SessionRecorder rec = new SessionRecorder();
        SpiceSession s = SpiceSession.connect(options(PASSWORD), rec).get(WAIT_MS, TimeUnit.MILLISECONDS);
        try {
            assertTrue(awaitPongBody(new WireWriter().u32(99).u64(0x0102030405060708L).toByteArray()));
        } finally {
            s.close();
        }
    }

    private boolean awaitPongBody(byte[] expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            FakeSpiceServer.ClientMessage m = server.received().poll(50, TimeUnit.MILLISECONDS);
            if (m != null && m.type() == 3) {
                assertArrayEquals(expected, m.body());
                return true;
            }
        }
        return false;
    }
}
