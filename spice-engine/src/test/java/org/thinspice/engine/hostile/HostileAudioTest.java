package org.thinspice.engine.hostile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.audio.AudioMessages;
import org.thinspice.engine.audio.AudioTestMessages;
import org.thinspice.engine.audio.CapturingSink;
import org.thinspice.engine.audio.PlaybackChannel;
import org.thinspice.engine.audio.ToneSource;
import org.thinspice.engine.wire.WireWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thinspice.engine.hostile.FakeSpiceServer.frame;

/**
 * A hostile server on the playback and record channels: malformed messages, bad Opus packets, absurd formats
 * and sizes between good packets. Each is skipped with a warning naming the channel; the channel stays open,
 * every good packet still plays, the session goes on, and nothing reaches a thread's uncaught handler.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileAudioTest {
    private static final int PLAYBACK = 5;
    private static final int RECORD = 6;
    private FakeSpiceServer server;
    private LogWatch logs;
    private final List<String> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void start() throws Exception {
        server = new FakeSpiceServer("pw");
        logs = new LogWatch();
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        logs.close();
        Thread.setDefaultUncaughtExceptionHandler(previous);
        assertTrue(uncaught.isEmpty(), "uncaught: " + uncaught);
        assertTrue(server.serverErrors().isEmpty(), "the fake server failed: " + server.serverErrors());
    }

    private SpiceConnectOptions.Builder options() {
        return SpiceConnectOptions.builder().host("127.0.0.1").port(server.port()).password("pw")
                .linkTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5));
    }

    @Test
    void garbageBetweenGoodOpusPacketsIsSkippedAndTheStreamPlaysOn() throws Exception {
        List<byte[]> tone = AudioTestMessages.opusTone(997, 0.5, 20);
        List<byte[]> script = new ArrayList<>();
        script.add(frame(AudioMessages.PLAYBACK_MODE, AudioTestMessages.mode(0, AudioMessages.MODE_OPUS)));
        script.add(frame(AudioMessages.PLAYBACK_START, AudioTestMessages.start(2, AudioMessages.FORMAT_S16, 48000, 0)));
        for (int i = 0; i < tone.size(); i++) {
            script.add(frame(AudioMessages.PLAYBACK_DATA, AudioTestMessages.data(i * 10L, tone.get(i))));
            switch (i) {
                case 2 -> script.add(frame(AudioMessages.PLAYBACK_DATA, AudioTestMessages.data(25, new byte[] {0x03, 0})));
                case 4 -> script.add(frame(AudioMessages.PLAYBACK_DATA, new byte[] {9}));
                case 6 -> script.add(frame(AudioMessages.PLAYBACK_VOLUME, new byte[] {(byte) 255, 1}));
                case 8 -> script.add(frame(AudioMessages.PLAYBACK_DATA,
                        new byte[4 + AudioMessages.MAX_PACKET_BYTES + 100]));
                case 10 -> script.add(frame(AudioMessages.PLAYBACK_START,
                        AudioTestMessages.start(0x7FFFFFFF, AudioMessages.FORMAT_S16, 0xFFFFFFFFL, 0)));
                case 11 -> {
                    // back to a good stream after the absurd START
                    script.add(frame(AudioMessages.PLAYBACK_START,
                            AudioTestMessages.start(2, AudioMessages.FORMAT_S16, 48000, 0)));
                }
                case 12 -> script.add(frame(AudioMessages.PLAYBACK_MUTE, new byte[0]));
                case 14 -> script.add(frame(AudioMessages.PLAYBACK_DATA, AudioTestMessages.data(145, randomBytes(300))));
                case 16 -> script.add(frame(999, new byte[] {1, 2, 3}));
                default -> { }
            }
        }
        server.channelsList(() -> FakeSpiceServer.channelsList(new int[][] {{PLAYBACK, 0}}))
                .channelScript((type, id) -> type == PLAYBACK ? script : List.of());
        CapturingSink sink = new CapturingSink(48000 * 2 * 5);
        SessionRecorder rec = new SessionRecorder();
        try (SpiceSession session = SpiceSession.connect(options().audio(sink).build(), rec).get(10, TimeUnit.SECONDS)) {
            // 19 good packets after the one that the absurd START cut off (packet 11 arrives before its re-START)
            boolean all = sink.awaitSamples(19 * 960, 10_000);
            PlaybackChannel p = session.playback(0);
            assertTrue(all, "good packets played: " + sink.totalSamples() / 960 + ", skipped " + p.skipped());
            assertTrue(p.skipped() >= 7, "skipped " + p.skipped());
            assertNull(rec.awaitClosed(ChannelType.PLAYBACK, 500), "the playback channel stays open");
            assertFalse(rec.isDisconnected(), "the session goes on");
            List<String> warnings = logs.problems();
            assertTrue(!warnings.isEmpty() && warnings.stream().allMatch(w -> w.contains("playback channel 0: skipped")),
                    "each skip is a warning naming the channel: " + warnings);
        }
    }

    @Test
    void malformedRecordMessagesOpenNoMicrophone() throws Exception {
        List<byte[]> script = List.of(
                frame(AudioMessages.RECORD_START, new byte[] {1}),                                         // truncated
                frame(AudioMessages.RECORD_START, new WireWriter().u32(2).u16(9).u32(48000).toByteArray()), // not S16
                frame(AudioMessages.RECORD_START, new WireWriter().u32(64).u16(1).u32(48000).toByteArray()), // 64 ch
                frame(AudioMessages.RECORD_START, new WireWriter().u32(2).u16(1).u32(0xFFFFFFFFL).toByteArray()),
                frame(AudioMessages.RECORD_VOLUME, new byte[] {(byte) 200}),
                frame(AudioMessages.RECORD_STOP, new byte[0]));
        server.channelsList(() -> FakeSpiceServer.channelsList(new int[][] {{RECORD, 0}}))
                .channelScript((type, id) -> type == RECORD ? script : List.of());
        ToneSource tone = new ToneSource(1000, 0.5);
        SessionRecorder rec = new SessionRecorder();
        try (SpiceSession session = SpiceSession.connect(options().microphone(tone).build(), rec).get(10, TimeUnit.SECONDS)) {
            long end = System.nanoTime() + 5_000_000_000L;
            while ((session.record(0) == null || session.record(0).skipped() < 5) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(5, session.record(0).skipped());
            assertFalse(tone.isOpen(), "no microphone opened for a bad START");
            assertNull(rec.awaitClosed(ChannelType.RECORD, 300), "the record channel stays open");
            assertTrue(server.received().stream().noneMatch(m -> m.channelType() == RECORD && m.type() >= 101),
                    "nothing sent on the record channel");
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(17).nextBytes(b);
        return b;
    }
}
