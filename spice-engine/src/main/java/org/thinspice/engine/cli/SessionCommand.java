package org.thinspice.engine.cli;

import org.thinspice.engine.ChannelType;
import org.thinspice.engine.ConnectionProfile;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.display.StreamDrop;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.stats.SessionStats;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code session}: a headless session for a given time, printing one JSON object at the end — frames
 * presented, stream frames received / decoded / dropped, bytes per channel, process CPU seconds, decode
 * time per codec and peak RSS. SIGTERM prints what there is so far (shutdown hook) and ends it.
 */
public final class SessionCommand {
    private final SessionStats stats;
    private final long startNanos;
    private final CompletableFuture<SpiceException> ended = new CompletableFuture<>();
    private final AtomicBoolean printed = new AtomicBoolean();
    private final ConnectionProfile profile;
    private volatile SpiceSession session;
    /** {@code --frame-probe}: null unless a benchmark asked for one. */
    private final PresentedFrameProbe probe;
    private volatile Surface primary;
    /** When any surface last changed (nanoTime); {@code --until-still-ms} waits for it to be old enough. */
    private volatile long lastChangeNanos = System.nanoTime();
    /** {@code --until-still-ms}, 0 when not asked. */
    private final long untilStillMs;
    /** Whether the screen came to rest before {@link #STILL_CAP_MS} (reported only with {@code --until-still-ms}). */
    private volatile boolean cameToRest;

    /** {@code --out FILE.png}: the primary surface as it stands at the end, or null. */
    private final java.nio.file.Path outPng;

    /** The longest {@code --until-still-ms} waits after the duration for the screen to come to rest. */
    static final long STILL_CAP_MS = 60_000;

    private SessionCommand(ConnectionProfile profile, PresentedFrameProbe probe, java.nio.file.Path outPng,
            long untilStillMs) {
        this.profile = profile;
        this.untilStillMs = untilStillMs;
        this.probe = probe;
        this.outPng = outPng;
        this.startNanos = System.nanoTime();
        this.stats = new SessionStats(startNanos);
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        return run(argv, out, err, b -> { });
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}, letting a caller add to the connect options
     * (device-layer's {@code --usb-stick} serves the usbredir channels this way).
     */
    public static int run(String[] argv, PrintStream out, PrintStream err,
            java.util.function.Consumer<SpiceConnectOptions.Builder> customize) {
        SpiceConnectOptions options;
        long durationS;
        long untilStillMs;
        PresentedFrameProbe probe = null;
        java.nio.file.Path outPng = null;
        try {
            CliArgs args = new CliArgs(argv);
            SpiceConnectOptions.Builder b = ShotCommand.builderFrom(args);
            String p = args.get("profile");
            if (p != null) {
                b.profile(ConnectionProfile.parse(p));
            } else if (args.get("vv") == null) {
                b.profile(ConnectionProfile.AUTO); // a .vv says what it wants; a bare URI adapts to the link
            }
            String codecs = args.get("codec");
            if (codecs != null) {
                b.videoCodecs(org.thinspice.engine.video.VideoCodec.parseList(codecs));
            }
            String audio = args.get("audio");
            if (audio != null) {
                switch (audio) {
                    // decode and count, keep nothing: headless measurements
                    case "decode" -> b.audio(new org.thinspice.engine.audio.CapturingSink(0));
                    case "play" -> b.audio(new org.thinspice.engine.audio.JavaSoundSink(null));
                    case "off" -> { }
                    default -> throw new IllegalArgumentException("--audio must be decode, play or off, not '" + audio + "'");
                }
            }
            String probeClass = args.get("frame-probe");
            if (probeClass != null) {
                probe = newProbe(probeClass);
            }
            if (args.get("out") != null) {
                outPng = java.nio.file.Path.of(args.get("out"));
            }
            customize.accept(b);
            options = b.build();
            durationS = args.number("duration-s", 10, 1, 86_400);
            untilStillMs = args.number("until-still-ms", 0, 0, STILL_CAP_MS);
        } catch (IllegalArgumentException | SpiceException e) {
            err.println("session: " + e.getMessage());
            return 2;
        }
        SessionCommand c = new SessionCommand(options.profile(), probe, outPng, untilStillMs);
        Thread hook = new Thread(() -> c.print(out, null), "session-report");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            c.runFor(options, durationS * 1000);
            c.print(out, null);
            return 0;
        } catch (SpiceException e) {
            c.print(out, e);
            err.println("session: " + e.getMessage());
            return 1;
        } finally {
            SpiceSession s = c.session;
            if (s != null) {
                s.close();
            }
        }
    }

    /** Loads a {@link PresentedFrameProbe} by class name (a benchmark's, on the class path). */
    private static PresentedFrameProbe newProbe(String className) {
        try {
            return (PresentedFrameProbe) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("--frame-probe " + className + ": " + e);
        }
    }

    private void runFor(SpiceConnectOptions options, long durationMs) throws SpiceException {
        try {
            session = SpiceSession.connect(options, new Forward()).get(options.connectTimeout().toMillis()
                    + options.linkTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SpiceException se ? se
                    : new SpiceException(SpiceReason.CONNECTION_LOST, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new SpiceException(SpiceReason.TIMEOUT, "no answer from the server");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceReason.TIMEOUT, "interrupted");
        }
        if (stillUpAfter(durationMs) && untilStillMs > 0) {
            awaitStill();
        }
    }

    /**
     * Waits {@code millis} for the session: true when it is still up then (the normal case), false when this thread
     * was interrupted; a session that ended in the meantime is an error.
     */
    private boolean stillUpAfter(long millis) throws SpiceException {
        try {
            SpiceException why = ended.get(millis, TimeUnit.MILLISECONDS);
            throw why != null ? why : new SpiceException(SpiceReason.CONNECTION_LOST, "session ended early");
        } catch (TimeoutException e) {
            return true;
        } catch (ExecutionException e) {
            throw new SpiceException(SpiceReason.CONNECTION_LOST, String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * After the duration: goes on until no surface has changed for {@code --until-still-ms}, at most
     * {@link #STILL_CAP_MS} more, so that a script's last picture is the one the server meant to leave (a stream's
     * lossless redraw after it ended, say) however slow the link or the machine.
     */
    private void awaitStill() throws SpiceException {
        long capNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STILL_CAP_MS);
        long stillNanos = TimeUnit.MILLISECONDS.toNanos(untilStillMs);
        while (true) {
            long now = System.nanoTime();
            long quiet = now - lastChangeNanos;
            if (quiet >= stillNanos) {
                cameToRest = true;
                return;
            }
            if (now - capNanos >= 0) {
                return;
            }
            long waitNanos = Math.min(stillNanos - quiet, capNanos - now);
            if (!stillUpAfter(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)))) {
                return;
            }
        }
    }

    /** Prints the JSON object once (normal end, error or SIGTERM, whichever comes first). */
    private void print(PrintStream out, SpiceException error) {
        if (!printed.compareAndSet(false, true)) {
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        SpiceSession s = session;
        String resolved = s == null ? "unknown" : s.resolvedProfile().key();
        long measured = s == null ? -1 : s.mainChannel().netTest().bitsPerSecond();
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"profile\":\"").append(profile.key()).append("\",\"resolved_profile\":\"").append(resolved)
                .append("\",\"measured_bits_per_s\":").append(measured)
                .append(",\"seconds\":").append(fmt(seconds))
                .append(",\"frames_presented\":").append(stats.streamFramesPresented())
                .append(",\"stream_frames_received\":").append(stats.streamFramesReceived())
                .append(",\"stream_frames_decoded\":").append(stats.streamFramesDecoded())
                .append(",\"stream_frames_dropped\":").append(stats.streamFramesDropped())
                .append(",\"stream_frames_late\":").append(stats.streamFramesDropped(StreamDrop.LATE))
                .append(",\"cpu_s\":").append(fmt(ProcessUsage.cpuSeconds()))
                .append(",\"peak_rss_kib\":").append(ProcessUsage.peakRssKib());
        if (untilStillMs > 0) {
            sb.append(",\"came_to_rest\":").append(cameToRest)
                    .append(",\"quiet_ms\":").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastChangeNanos));
        }
        org.thinspice.engine.audio.PlaybackChannel pb = s == null ? null : s.playback(0);
        if (pb != null) {
            sb.append(",\"audio_mode\":").append(pb.mode()).append(",\"audio_packets\":").append(pb.packets())
                    .append(",\"audio_samples\":").append(pb.decodedSamples())
                    .append(",\"audio_skipped\":").append(pb.skipped());
        }
        if (error != null) {
            sb.append(",\"error\":\"").append(error.reason().name()).append('"');
        }
        Surface last = primary;
        if (outPng != null && last != null) {
            try (java.io.OutputStream os = java.nio.file.Files.newOutputStream(outPng)) {
                PngWriter.write(last.width(), last.height(), last.snapshot(), os);
                sb.append(",\"out\":\"").append(outPng.toString().replace('"', '\'')).append('"');
            } catch (java.io.IOException e) {
                sb.append(",\"out_error\":\"").append(String.valueOf(e).replace('"', '\'')).append('"');
            }
        }
        if (probe != null) {
            try {
                probe.finish(last);
                sb.append(',').append(probe.json());
            } catch (RuntimeException e) {
                sb.append(",\"probe_error\":\"").append(String.valueOf(e).replace('"', '\'')).append('"');
            }
        }
        String inner = stats.toJson();
        sb.append(',').append(inner, 1, inner.length());
        out.println(sb);
        out.flush();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Statistics plus the end-of-session signal. */
    private final class Forward implements SpiceListener {
        @Override
        public void onConnectStep(String step, long elapsedMillis) {
            stats.onConnectStep(step, elapsedMillis);
        }

        @Override
        public void onInvalidate(int channelId, Surface surface, int x, int y, int width, int height) {
            stats.onInvalidate(channelId, surface, x, y, width, height);
            lastChangeNanos = System.nanoTime();
            if ((probe != null || outPng != null) && surface.isPrimary()) {
                primary = surface;
            }
        }

        @Override
        public void onBytesReceived(ChannelType type, int id, long bytes) {
            stats.onBytesReceived(type, id, bytes);
        }

        @Override
        public void onImageDecoded(int imageType, int pixels, long nanos) {
            stats.onImageDecoded(imageType, pixels, nanos);
        }

        @Override
        public void onDrawApplied(int channelId, int messageType) {
            stats.onDrawApplied(channelId, messageType);
        }

        @Override
        public void onStreamCreated(int channelId, int streamId, int codec, int width, int height) {
            stats.onStreamCreated(channelId, streamId, codec, width, height);
        }

        @Override
        public void onStreamFrameReceived(int channelId, int streamId, int bytes) {
            stats.onStreamFrameReceived(channelId, streamId, bytes);
        }

        @Override
        public void onStreamFrameDecoded(int channelId, int codec, int pixels, long nanos) {
            stats.onStreamFrameDecoded(channelId, codec, pixels, nanos);
        }

        @Override
        public void onStreamFramePresented(int channelId, int streamId) {
            stats.onStreamFramePresented(channelId, streamId);
            Surface p = primary;
            if (probe != null && p != null) {
                probe.presented(p);
            }
        }

        @Override
        public void onStreamFrameDropped(int channelId, int streamId, StreamDrop reason) {
            stats.onStreamFrameDropped(channelId, streamId, reason);
        }

        @Override
        public void onChannelClosed(ChannelType type, int id, SpiceException cause) {
            if (type == ChannelType.DISPLAY && cause != null) {
                ended.complete(cause);
            }
        }

        @Override
        public void onDisconnected(SpiceException cause) {
            ended.complete(cause);
        }
    }
}
