package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.audio.AudioMessages;
import org.thinspice.engine.audio.CapturingSink;
import org.thinspice.engine.audio.PcmFormat;
import org.thinspice.engine.audio.PlaybackChannel;
import org.thinspice.engine.audio.RecordChannel;
import org.thinspice.engine.audio.Spectrum;
import org.thinspice.engine.audio.ToneSource;
import org.thinspice.testbed.GuestSound;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sound through a real spice-server: the tiny guest plays a 997 Hz sine at half of full scale through QEMU's
 * AC97 (tbsound); the engine's decoded PCM must have its spectral peak at 997 Hz and the level the guest
 * wrote — with spice-server's default (Opus, since the engine announces the capability) and with
 * {@code playback-compression=off} (raw PCM). The other way, the engine's microphone (a 1 kHz tone) must be
 * what the guest records, the microphone open only while the guest records, and under
 * {@code [thinspice] microphone=deny} no record channel at all.
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
                    System.out.printf("AudioIT mode %d channel %d: peak %.2f Hz, rms %.4f%n", expectedMode, ch,
                            Spectrum.peakHz(x, 48000, 50, 12000), Spectrum.rms(x));
                    assertEquals(HZ, Spectrum.peakHz(x, 48000, 50, 12000), 2.0, "peak frequency, channel " + ch);
                    assertEquals(AMPLITUDE / Math.sqrt(2), Spectrum.rms(x), 0.05 * AMPLITUDE, "level, channel " + ch);
                }
            }
        }
    }

    @Test
    void microphoneToneReachesTheGuestOnlyWhileItRecords() throws Exception {
        ToneSource tone = new ToneSource(1000, AMPLITUDE);
        List<Boolean> micEvents = new CopyOnWriteArrayList<>();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().vga("qxl").tinyGuest("bars").audio().start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .microphone(tone).build();
            try (SpiceSession session = SpiceSession.connect(options, new SpiceListener() {
                @Override
                public void onMicrophone(boolean open) {
                    micEvents.add(open);
                }
            }).get(30, TimeUnit.SECONDS)) {
                RecordChannel r = awaitRecordChannel(session);
                Thread.sleep(500);
                assertFalse(tone.isOpen(), "the microphone stays closed while the guest does not record");
                GuestSound.Recording rec = new GuestSound(qemu.console()).record(3);
                System.out.printf("AudioIT record: mode %d, %d blocks sent, guest heard %.2f Hz at rms %.4f (peak %.4f)%n",
                        r.mode(), r.blocksSent(), rec.hz(), rec.rms(), rec.peak());
                assertEquals(AudioMessages.MODE_OPUS, r.mode(), "spice-server accepts Opus for recording");
                assertTrue(r.blocksSent() > 100, "blocks sent: " + r.blocksSent());
                assertEquals(1000, rec.hz(), 3.0, "the guest's recording peaks at the microphone's tone");
                assertEquals(AMPLITUDE / Math.sqrt(2), rec.rms(), 0.05 * AMPLITUDE, "the guest heard the tone's level");
                long end = System.nanoTime() + 10_000_000_000L;
                while (tone.isOpen() && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertFalse(tone.isOpen(), "the microphone closed when the guest stopped recording");
                assertEquals(List.of(true, false), micEvents);
            }
        }
    }

    @Test
    void forbiddenMicrophoneOpensNoRecordChannelAndTheGuestHearsSilence() throws Exception {
        ToneSource tone = new ToneSource(1000, AMPLITUDE);
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().vga("qxl").tinyGuest("bars").audio().start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            java.nio.file.Path vv = java.nio.file.Files.createTempFile("audio", ".vv");
            try {
                java.nio.file.Files.writeString(vv, "[virt-viewer]\ntype=spice\nhost=" + qemu.host() + "\nport="
                        + qemu.port() + "\n[thinspice]\nmicrophone=deny\n");
                SpiceConnectOptions options = org.thinspice.engine.vv.VvConnect.fromFile(vv).microphone(tone).build();
                assertFalse(options.microphoneAllowed());
                try (SpiceSession session = SpiceSession.connect(options, new SpiceListener() { })
                        .get(30, TimeUnit.SECONDS)) {
                    Thread.sleep(2000); // the channel list has long arrived
                    assertNull(session.record(0), "no record channel under microphone=deny");
                    GuestSound.Recording rec = new GuestSound(qemu.console()).record(2);
                    System.out.printf("AudioIT denied: guest heard rms %.5f%n", rec.rms());
                    assertFalse(tone.isOpen());
                    assertTrue(rec.rms() < 0.01, "silence in the guest: rms " + rec.rms());
                }
            } finally {
                java.nio.file.Files.deleteIfExists(vv);
            }
        }
    }

    private static RecordChannel awaitRecordChannel(SpiceSession session) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (session.record(0) == null && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertNotNull(session.record(0), "the server listed a record channel and the engine opened it");
        return session.record(0);
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
