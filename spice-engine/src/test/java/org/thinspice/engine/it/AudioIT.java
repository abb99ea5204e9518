package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.audio.AudioMessages;
import org.thinspice.engine.audio.CapturingSink;
import org.thinspice.engine.audio.PcmFormat;
import org.thinspice.engine.audio.PlaybackChannel;
import org.thinspice.engine.audio.Spectrum;
import org.thinspice.testbed.GuestSound;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sound through a real spice-server: the tiny guest plays a 997 Hz sine at half of full scale through QEMU's
 * AC97 (tbsound); the engine's decoded PCM must have its spectral peak at 997 Hz and the level the guest
 * wrote — with spice-server's default (Opus, since the engine announces the capability) and with
 * {@code playback-compression=off} (raw PCM).
 */
class AudioIT {
    static final double HZ = 997;
    static final double AMPLITUDE = 0.5;

    @Test
    void guestToneArrivesAsOpus() throws Exception {
        playAndCheck(true, AudioMessages.MODE_OPUS);
    }

    @Test
    void guestToneArrivesAsRawPcm() throws Exception {
        playAndCheck(false, AudioMessages.MODE_RAW);
    }

    private void playAndCheck(boolean compression, int expectedMode) throws Exception {
        CapturingSink sink = new CapturingSink(48000 * 2 * 30);
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().vga("qxl").tinyGuest("bars").audio()
                .playbackCompression(compression).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .audio(sink).build();
            try (SpiceSession session = SpiceSession.connect(options, new SpiceListener() { })
                    .get(30, TimeUnit.SECONDS)) {
                awaitPlaybackChannel(session);
                new GuestSound(qemu.console()).play(HZ, AMPLITUDE, 3);
                assertTrue(sink.awaitSamples(48000 * 2, 30_000), "a second of audio arrived; got " + sink.totalSamples());
                PlaybackChannel p = session.playback(0);
                assertEquals(expectedMode, p.mode(), "mode the server chose");
                assertEquals(new PcmFormat(48000, 2), sink.format());
                assertEquals(0, p.skipped(), "nothing skipped");
                short[] pcm = sink.samples();
                // the middle of the tone: away from the start and the end of the guest's stream
                int frames = pcm.length / 2;
                int from = loudStart(pcm) + 4800;
                assertTrue(from + 16384 <= frames, "enough tone: " + frames + " frames, loud from " + from);
                for (int ch = 0; ch < 2; ch++) {
                    double[] x = Spectrum.channel(pcm, 2, ch, from, 16384);
                    assertEquals(HZ, Spectrum.peakHz(x, 48000, 50, 12000), 2.0, "peak frequency, channel " + ch);
                    assertEquals(AMPLITUDE / Math.sqrt(2), Spectrum.rms(x), 0.05 * AMPLITUDE, "level, channel " + ch);
                }
            }
        }
    }

    /** The first frame whose left sample exceeds a tenth of the tone's peak. */
    private static int loudStart(short[] pcm) {
        for (int i = 0; i < pcm.length / 2; i++) {
            if (Math.abs(pcm[2 * i]) > AMPLITUDE * 3276) {
                return i;
            }
        }
        return pcm.length / 2;
    }

    private static void awaitPlaybackChannel(SpiceSession session) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (session.playback(0) == null && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertNotNull(session.playback(0), "the server listed a playback channel and the engine opened it");
    }
}
