package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceListeners;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.audio.CapturingSink;
import org.thinspice.engine.audio.Spectrum;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.display.StreamDrop;
import org.thinspice.engine.stats.SessionStats;
import org.thinspice.testbed.GuestSound;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lip-sync through a real spice-server: the tiny guest's animation (an MJPEG stream, as in {@link StreamIT}) and
 * a 997 Hz tone from {@code tbsound} at the same time. Once the sound has played for a second (the audio clock
 * has been set from the first packet and again after 100 packets), every video frame the engine presents must
 * be shown within {@value #MAX_LAG_MILLIS} ms of its audio time: the frame's multimedia time against the
 * session's multimedia clock — the audio clock while sound plays — at the moment it is drawn, the measure
 * spice-gtk schedules frames by. Sound must be playing at every such frame, the frames must really be shown
 * (not dropped to keep the rule) and the sound must really be the tone.
 */
class AvSyncIT {
    /** spice-gtk's and the bound on picture vs sound. */
    static final long MAX_LAG_MILLIS = 80;
    /** Frames to judge after warm-up (~12 frames/s under TCG, less with sound playing too). */
    static final int FRAMES = 120;
    static final double HZ = 997;
    static final double AMPLITUDE = 0.5;
    static final double TONE_SECONDS = 40;

    /** One presented frame: the server's time for it, the clock's when drawn, the audio delay then. */
    private record Presented(long frameTime, long clockTime, long audioDelay) {
        long lag() {
            return (int) (clockTime - frameTime);
        }
    }

    @Test
    void videoFramesArePresentedWithin80MillisOfTheirAudioTime() throws Exception {
        PacedSink paced = new PacedSink(48000 * 2 * 60);
        CapturingSink sink = paced.captured;
        SessionStats stats = new SessionStats(System.nanoTime());
        AtomicReference<MultimediaClock> clock = new AtomicReference<>();
        AtomicLong judgeFrom = new AtomicLong(Long.MAX_VALUE); // nanoTime after which frames count
        List<Presented> judged = new ArrayList<>();
        try (paced; QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl")
                .streamingVideo("filter").audio().start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .audio(paced).build();
            SpiceListener lipSync = new SpiceListener() {
                @Override
                public void onStreamFramePresented(int channelId, int streamId, long frameTime, long clockTime) {
                    MultimediaClock c = clock.get();
                    if (c != null && System.nanoTime() >= judgeFrom.get()) {
                        synchronized (judged) {
                            judged.add(new Presented(frameTime, clockTime, c.audioDelay()));
                        }
                    }
                }
            };
            try (SpiceSession session = SpiceSession.connect(options, SpiceListeners.tee(stats, lipSync))
                    .get(30, TimeUnit.SECONDS)) {
                clock.set(session.clock());
                await(() -> session.playback(0) != null, 30, "the playback channel");
                await(() -> stats.streamFramesReceived() >= 10, 90, "the animation's stream");

                new GuestSound(qemu.console()).playInBackground(HZ, AMPLITUDE, TONE_SECONDS);
                // warm-up: a second of sound, so the audio clock has been set at its first packet and its 100th
                assertTrue(sink.awaitSamples(48000 * 2, 60_000), "a second of sound; got " + sink.totalSamples());
                long received0 = stats.streamFramesReceived();
                long presented0 = stats.streamFramesPresented();
                long late0 = stats.streamFramesDropped(StreamDrop.LATE);
                judgeFrom.set(System.nanoTime());
                await(() -> {
                    synchronized (judged) {
                        return judged.size() >= FRAMES;
                    }
                }, 120, FRAMES + " frames presented while the tone plays");
                long received = stats.streamFramesReceived() - received0;
                long presented = stats.streamFramesPresented() - presented0;
                long late = stats.streamFramesDropped(StreamDrop.LATE) - late0;
                List<Presented> frames;
                synchronized (judged) {
                    frames = List.copyOf(judged);
                }

                long[] lags = frames.stream().mapToLong(Presented::lag).sorted().toArray();
                System.out.printf("AvSyncIT: %d frames judged (%d received, %d presented, %d dropped late in the"
                                + " window); clock - frame time (ms): min %d, p50 %d, p90 %d, p99 %d, max %d;"
                                + " audio delay %d..%d ms (server LATENCY %d ms, %d underruns); %s%n",
                        frames.size(), received, presented, late, lags[0], pct(lags, 50), pct(lags, 90),
                        pct(lags, 99), lags[lags.length - 1],
                        frames.stream().mapToLong(Presented::audioDelay).min().orElse(-1),
                        frames.stream().mapToLong(Presented::audioDelay).max().orElse(-1), sink.minimumLatency(),
                        paced.underruns(), histogram(lags));

                for (Presented p : frames) {
                    assertTrue(p.audioDelay() >= 0, "sound was playing (the audio clock ran) at every judged frame: "
                            + p);
                    assertTrue(Math.abs(p.lag()) <= MAX_LAG_MILLIS, "frame at " + p.frameTime() + " shown at audio time "
                            + p.clockTime() + " (" + p.lag() + " ms); all lags " + Arrays.toString(lags));
                }
                // Frames kept in sync by dropping them would pass the rule above: most must be shown.
                assertTrue(presented >= Math.ceil(0.9 * received), presented + " of " + received
                        + " stream frames presented in the window: " + stats.toJson());

                // ... and the sound was the guest's tone, not silence.
                short[] pcm = sink.samples();
                int frames48k = pcm.length / 2;
                assertTrue(frames48k > 48000 + 16384, "enough sound: " + frames48k + " frames");
                double[] x = Spectrum.channel(pcm, 2, 0, frames48k - 16384, 16384);
                assertEquals(HZ, Spectrum.peakHz(x, 48000, 50, 12000), 2.0, "the tone's frequency");
                assertTrue(Spectrum.rms(x) > 0.5 * AMPLITUDE / Math.sqrt(2), "the tone's level: " + Spectrum.rms(x));
                assertNotNull(session.playback(0));
            }
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Counts per 10 ms bucket of lag, e.g. {@code [0,10):41 [10,20):12}. */
    private static String histogram(long[] lags) {
        java.util.TreeMap<Long, Integer> buckets = new java.util.TreeMap<>();
        for (long l : lags) {
            buckets.merge(Math.floorDiv(l, 10) * 10, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("histogram");
        buckets.forEach((b, n) -> sb.append(" [").append(b).append(',').append(b + 10).append("):").append(n));
        return sb.toString();
    }

    private static void await(java.util.function.BooleanSupplier condition, int seconds, String what)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
