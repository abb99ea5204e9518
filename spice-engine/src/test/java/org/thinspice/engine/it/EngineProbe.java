package org.thinspice.engine.it;

import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceListeners;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.stats.SessionStats;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.Qmp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A connected engine session for tests: waits for pictures and compares the primary surface with
 * QEMU's screendump, the pixel oracle.
 */
final class EngineProbe implements AutoCloseable {
    final SessionStats stats = new SessionStats(System.nanoTime());
    final CompletableFuture<SpiceException> ended = new CompletableFuture<>();
    /** Video streams created and not yet destroyed. */
    final java.util.concurrent.atomic.AtomicInteger streamsLive = new java.util.concurrent.atomic.AtomicInteger();
    /** Display message types of the draws applied, to see which draw operations a guest really sends. */
    final java.util.Set<Integer> drawTypes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Stream frames decoded, per codec number (SpiceVideoCodecType). */
    final java.util.Map<Integer, java.util.concurrent.atomic.AtomicLong> decodedByCodec =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** How many draws of each display message type were applied. */
    final java.util.Map<Integer, java.util.concurrent.atomic.LongAdder> drawCounts =
            new java.util.concurrent.ConcurrentHashMap<>();
    final SpiceSession session;

    private EngineProbe(SpiceConnectOptions options) throws Exception {
        SpiceListener listener = SpiceListeners.tee(stats, new SpiceListener() {
            @Override
            public void onStreamCreated(int ch, int id, int codec, int w, int h) {
                streamsLive.incrementAndGet();
            }

            @Override
            public void onStreamFrameDecoded(int ch, int codec, int pixels, long nanos) {
                decodedByCodec.computeIfAbsent(codec, c -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            }

            @Override
            public void onStreamDestroyed(int ch, int id) {
                streamsLive.decrementAndGet();
            }

            @Override
            public void onDrawApplied(int channelId, int messageType) {
                drawTypes.add(messageType);
                drawCounts.computeIfAbsent(messageType, k -> new java.util.concurrent.atomic.LongAdder()).increment();
            }

            @Override
            public void onChannelClosed(org.thinspice.engine.ChannelType type, int id, SpiceException cause) {
                if (cause != null) {
                    ended.complete(cause);
                }
            }

            @Override
            public void onDisconnected(SpiceException cause) {
                ended.complete(cause);
            }
        });
        try {
            session = SpiceSession.connect(options, listener).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SpiceException se ? se : e;
        }
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (ended.isDone()) {
                throw new AssertionError("session ended: " + ended.getNow(null));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + stats.toJson());
            }
            Thread.sleep(20);
        }
    }

    /** Display message type number to its name (draw operations and the other drawing messages). */
    static String drawName(int type) {
        return switch (type) {
            case 104 -> "COPY_BITS";
            case 302 -> "FILL";
            case 303 -> "OPAQUE";
            case 304 -> "COPY";
            case 305 -> "BLEND";
            case 306 -> "BLACKNESS";
            case 307 -> "WHITENESS";
            case 308 -> "INVERS";
            case 309 -> "ROP3";
            case 310 -> "STROKE";
            case 311 -> "TEXT";
            case 312 -> "TRANSPARENT";
            case 313 -> "ALPHA_BLEND";
            case 318 -> "COMPOSITE";
            default -> "type" + type;
        };
    }

    /** Draw counts by name, in message-type order: "COPY=12 FILL=3 …". */
    String drawSummary() {
        StringBuilder sb = new StringBuilder();
        for (var e : new java.util.TreeMap<>(drawCounts).entrySet()) {
            sb.append(sb.length() == 0 ? "" : " ").append(drawName(e.getKey())).append('=').append(e.getValue().sum());
        }
        return sb.toString();
    }

    static EngineProbe connect(SpiceConnectOptions options) throws Exception {
        return new EngineProbe(options);
    }

    /** Waits until the primary surface exists and nothing changed on it for {@code quiet}. */
    void awaitQuiet(Duration quiet, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ended.isDone()) {
                throw new AssertionError("session ended: " + ended.getNow(null));
            }
            if (stats.firstFrameMillis() >= 0 && System.nanoTime() - stats.lastInvalidateNanos() > quiet.toNanos()) {
                return;
            }
            Thread.sleep(20);
        }
        if (stats.firstFrameMillis() < 0) {
            throw new AssertionError("no picture within " + timeout);
        }
    }

    /**
     * Compares the primary surface with screendump until they agree (a blinking text cursor can make
     * one pair of pictures differ by one cell); returns the last difference count (0 = identical).
     */
    Mismatch compareWithScreendump(Qmp qmp, int attempts) throws IOException, InterruptedException {
        Mismatch last = null;
        for (int i = 0; i < attempts; i++) {
            Picture dump = qmp.screendump();
            Surface s = session.primarySurface();
            if (s != null) {
                last = Mismatch.of(s.width(), s.height(), s.snapshot(), dump);
                if (last.count() == 0) {
                    return last;
                }
            }
            Thread.sleep(150);
        }
        return last;
    }

    /** Stream frames of this codec decoded so far. */
    long decoded(int codec) {
        java.util.concurrent.atomic.AtomicLong n = decodedByCodec.get(codec);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        session.close();
    }

    /** Where and how much two pictures differ. */
    record Mismatch(int count, int firstX, int firstY, int expected, int actual, String sizes) {
        static Mismatch of(int w, int h, int[] engine, Picture dump) {
            if (w != dump.width() || h != dump.height()) {
                return new Mismatch(Integer.MAX_VALUE, -1, -1, 0, 0,
                        "engine " + w + "x" + h + " vs screendump " + dump.width() + "x" + dump.height());
            }
            int count = 0;
            int fx = -1;
            int fy = -1;
            int exp = 0;
            int act = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int a = engine[y * w + x] & 0xFFFFFF;
                    int e = dump.rgb(x, y) & 0xFFFFFF;
                    if (a != e) {
                        if (count++ == 0) {
                            fx = x;
                            fy = y;
                            exp = e;
                            act = a;
                        }
                    }
                }
            }
            return new Mismatch(count, fx, fy, exp, act, w + "x" + h);
        }

        @Override
        public String toString() {
            return count == 0 ? "identical " + sizes
                    : count + " pixels differ (" + sizes + "), first at (" + firstX + "," + firstY + "): expected #"
                    + Integer.toHexString(expected) + " got #" + Integer.toHexString(actual);
        }
    }
}
