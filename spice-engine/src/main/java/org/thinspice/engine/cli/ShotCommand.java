package org.thinspice.engine.cli;

import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceListeners;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.stats.SessionStats;
import org.thinspice.engine.vv.VvConnect;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code shot}: connect headless, wait until the display is quiet, write the primary surface as PNG and
 * print one JSON line of statistics. Exits non-zero with the error's sentence on any failure.
 */
public final class ShotCommand {
    private ShotCommand() {
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        CliArgs args;
        SpiceConnectOptions options;
        Path png;
        long settleMs;
        long timeoutS;
        try {
            args = new CliArgs(argv);
            options = optionsFrom(args);
            String o = args.get("out");
            if (o == null) {
                throw new IllegalArgumentException("--out FILE.png is required");
            }
            png = Path.of(o);
            settleMs = args.number("settle-ms", 1000, 0, 600_000);
            timeoutS = args.number("timeout-s", 30, 1, 3600);
        } catch (IllegalArgumentException e) {
            err.println("shot: " + e.getMessage());
            return 2;
        } catch (SpiceException e) {
            err.println("shot: " + e.getMessage());
            return 2;
        }
        try {
            Result r = capture(options, settleMs, timeoutS * 1000);
            try (OutputStream os = Files.newOutputStream(png)) {
                PngWriter.write(r.width, r.height, r.pixels, os);
            }
            out.println(r.statsJson);
            return 0;
        } catch (SpiceException e) {
            err.println("shot: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("shot: cannot write " + png + ": " + e.getMessage());
            return 1;
        }
    }

    /** Connection options from {@code --uri} or {@code --vv}, with {@code SPICE_PROXY} as remote-viewer. */
    static SpiceConnectOptions optionsFrom(CliArgs args) throws SpiceException {
        return builderFrom(args).build();
    }

    /** The options builder for {@code --uri} or {@code --vv} (a one-time .vv is read, and deleted, once). */
    static SpiceConnectOptions.Builder builderFrom(CliArgs args) throws SpiceException {
        String uri = args.get("uri");
        String vv = args.get("vv");
        if ((uri == null) == (vv == null)) {
            throw new IllegalArgumentException("give exactly one of --uri spice://HOST:PORT or --vv FILE");
        }
        SpiceConnectOptions.Builder b;
        if (uri != null) {
            b = SpiceConnectOptions.fromUri(uri);
            String env = System.getenv("SPICE_PROXY");
            if (env != null && !env.isBlank()) {
                b.proxy(env);
            }
            String ca = args.get("ca");
            if (ca != null) {
                try {
                    b.caPem(java.nio.file.Files.readString(Path.of(ca)));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read --ca " + ca + ": " + e.getMessage());
                }
            }
            if (args.get("host-subject") != null) {
                b.hostSubject(args.get("host-subject"));
            }
            if (args.get("proxy") != null) {
                b.proxy(args.get("proxy"));
            }
        } else {
            b = VvConnect.fromFile(Path.of(vv));
        }
        return b;
    }

    /** The captured picture and the statistics line. */
    public record Result(int width, int height, int[] pixels, boolean quiet, String statsJson) {
    }

    /** Connects, waits for a first frame and then for {@code settleMs} without change, and disconnects. */
    public static Result capture(SpiceConnectOptions options, long settleMs, long timeoutMs) throws SpiceException {
        long start = System.nanoTime();
        SessionStats stats = new SessionStats(start);
        CompletableFuture<SpiceException> ended = new CompletableFuture<>();
        SpiceListener listener = SpiceListeners.tee(stats, new SpiceListener() {
            @Override
            public void onChannelClosed(org.thinspice.engine.ChannelType type, int id, SpiceException cause) {
                if (type == org.thinspice.engine.ChannelType.DISPLAY && cause != null) {
                    ended.complete(cause);
                }
            }

            @Override
            public void onDisconnected(SpiceException cause) {
                ended.complete(cause);
            }
        });
        SpiceSession session;
        try {
            session = SpiceSession.connect(options, listener).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new SpiceException(org.thinspice.engine.SpiceReason.TIMEOUT, "no answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(org.thinspice.engine.SpiceReason.TIMEOUT, "interrupted");
        }
        try {
            long deadline = start + timeoutMs * 1_000_000L;
            boolean quiet = false;
            while (System.nanoTime() < deadline) {
                if (ended.isDone()) {
                    SpiceException why = ended.getNow(null);
                    throw why != null ? why : new SpiceException(org.thinspice.engine.SpiceReason.CONNECTION_LOST,
                            "session ended before a picture arrived");
                }
                long last = stats.lastInvalidateNanos();
                if (stats.firstFrameMillis() >= 0 && System.nanoTime() - last >= settleMs * 1_000_000L) {
                    quiet = true;
                    break;
                }
                sleep(20);
            }
            Surface s = session.primarySurface();
            if (s == null || stats.firstFrameMillis() < 0) {
                throw new SpiceException(org.thinspice.engine.SpiceReason.TIMEOUT,
                        "no picture within " + timeoutMs + " ms");
            }
            int[] px = s.snapshot();
            String json = stats.toJson();
            json = "{\"quiet\":" + quiet + ",\"width\":" + s.width() + ",\"height\":" + s.height() + ","
                    + json.substring(1);
            return new Result(s.width(), s.height(), px, quiet, json);
        } finally {
            session.close();
        }
    }

    private static SpiceException unwrap(Throwable t) {
        return t instanceof SpiceException se ? se
                : new SpiceException(org.thinspice.engine.SpiceReason.CONNECTION_LOST, String.valueOf(t), t);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
