package org.thinspice.engine.audio;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thinspice.engine.audio.AudioMessages.FORMAT_S16;
import static org.thinspice.engine.audio.AudioMessages.MODE_OPUS;
import static org.thinspice.engine.audio.AudioMessages.MODE_RAW;
import static org.thinspice.engine.audio.AudioMessages.PLAYBACK_DATA;
import static org.thinspice.engine.audio.AudioMessages.PLAYBACK_LATENCY;
import static org.thinspice.engine.audio.AudioMessages.PLAYBACK_MODE;
import static org.thinspice.engine.audio.AudioMessages.PLAYBACK_MUTE;
import static org.thinspice.engine.audio.AudioMessages.PLAYBACK_START;
import static org.thinspice.engine.audio.AudioMessages.PLAYBACK_STOP;
import static org.thinspice.engine.audio.AudioMessages.PLAYBACK_VOLUME;
import static org.thinspice.engine.audio.AudioTestMessages.data;
import static org.thinspice.engine.audio.AudioTestMessages.mode;
import static org.thinspice.engine.audio.AudioTestMessages.start;

class PlaybackChannelTest {
    private final AtomicLong nanos = new AtomicLong();
    private final MultimediaClock clock = new MultimediaClock(nanos::get);
    private final CapturingSink sink = new CapturingSink(48000 * 2 * 10);
    private final List<String> events = new ArrayList<>();
    private final PlaybackChannel channel = new PlaybackChannel(0, sink, clock, new SpiceListener() {
        @Override
        public void onPlayback(int channelId, boolean playing) {
            events.add("playing=" + playing);
        }
    });

    private void send(int type, byte[] body) throws SpiceException {
        channel.onMessage(new SpiceMessage(type, body), m -> { });
    }

    @Test
    void offersVolumeLatencyAndOpus() {
        Caps caps = channel.channelCaps();
        assertTrue(caps.has(1) && caps.has(2) && caps.has(3));
        channel.onLinked(new LinkReply(new byte[0], Caps.of(), Caps.of()), m -> { });
    }

    @Test
    void rawStreamReachesTheSinkSampleForSample() throws Exception {
        send(PLAYBACK_MODE, mode(0, MODE_RAW));
        send(PLAYBACK_START, start(2, FORMAT_S16, 44100, 1000));
        short[] pcm = Spectrum.sine(997, 0.5, 44100, 2, 0, 441);
        send(PLAYBACK_DATA, data(1000, AudioTestMessages.raw(pcm)));
        assertEquals(new PcmFormat(44100, 2), sink.format());
        assertArrayEquals(pcm, sink.samples());
        send(PLAYBACK_STOP, new byte[0]);
        assertEquals(1, sink.stops());
        assertEquals(List.of("playing=true", "playing=false"), events);
    }

    @Test
    void opusToneDecodesToItsFrequencyAndLevel() throws Exception {
        send(PLAYBACK_MODE, mode(0, MODE_OPUS));
        send(PLAYBACK_START, start(2, FORMAT_S16, 48000, 0));
        List<byte[]> packets = AudioTestMessages.opusTone(997, 0.5, 50);
        for (int i = 0; i < packets.size(); i++) {
            send(PLAYBACK_DATA, data(i * 10L, packets.get(i)));
        }
        short[] out = sink.samples();
        assertEquals(50 * 480 * 2, out.length);
        double[] left = Spectrum.channel(out, 2, 0, 4800, 8192);
        assertEquals(997, Spectrum.peakHz(left, 48000, 100, 10000), 3);
        assertEquals(0.5 / Math.sqrt(2), Spectrum.rms(left), 0.03);
        assertEquals(0, channel.skipped());
    }

    @Test
    void badOpusPacketsAndMalformedMessagesAreSkippedAndTheStreamGoesOn() throws Exception {
        send(PLAYBACK_MODE, mode(0, MODE_OPUS));
        send(PLAYBACK_START, start(2, FORMAT_S16, 48000, 0));
        List<byte[]> packets = AudioTestMessages.opusTone(997, 0.5, 20);
        send(PLAYBACK_DATA, data(0, packets.get(0)));
        send(PLAYBACK_DATA, data(10, new byte[0]));                           // empty packet
        send(PLAYBACK_DATA, data(10, new byte[] {0x03, 0x00}));               // code 3 with zero frames
        send(PLAYBACK_DATA, data(10, new byte[] {0x01, 1, 2, 3}));            // two equal frames in 3 bytes
        send(PLAYBACK_DATA, new byte[] {1, 2});                               // no room for the time
        send(PLAYBACK_VOLUME, new byte[] {(byte) 200});                       // 200 channels
        send(PLAYBACK_VOLUME, new byte[] {2, 1, 0});                          // 2 channels, 1 byte
        send(PLAYBACK_DATA, AudioTestMessages.concat(new byte[4], new byte[AudioMessages.MAX_PACKET_BYTES + 1]));
        for (int i = 1; i < packets.size(); i++) {
            send(PLAYBACK_DATA, data(i * 10L, packets.get(i)));
        }
        assertEquals(20 * 960, sink.totalSamples(), "every good packet played");
        assertTrue(channel.skipped() >= 7, "skipped " + channel.skipped());
    }

    @Test
    void unsupportedFormatsAndModesPlayNothingButDoNotFail() throws Exception {
        send(PLAYBACK_START, start(2, 7, 48000, 0));          // not S16
        send(PLAYBACK_DATA, data(0, new byte[4]));
        send(PLAYBACK_START, start(9, FORMAT_S16, 48000, 0)); // 9 channels
        send(PLAYBACK_START, start(2, FORMAT_S16, 5, 0));     // 5 Hz
        send(PLAYBACK_MODE, mode(0, 2));                      // CELT
        send(PLAYBACK_START, start(2, FORMAT_S16, 48000, 0));
        send(PLAYBACK_DATA, data(0, new byte[4]));
        send(PLAYBACK_MODE, mode(0, MODE_OPUS));
        send(PLAYBACK_START, start(2, FORMAT_S16, 44100, 0)); // Opus cannot decode 44.1 kHz
        send(PLAYBACK_DATA, data(0, new byte[4]));
        assertEquals(0, sink.totalSamples());
        send(PLAYBACK_MODE, mode(0, MODE_RAW));
        send(PLAYBACK_START, start(1, FORMAT_S16, 22050, 0));
        send(PLAYBACK_DATA, data(0, new byte[] {1, 0, 2, 0}));
        assertArrayEquals(new short[] {1, 2}, sink.samples());
        send(PLAYBACK_DATA, data(0, new byte[] {1, 0, 2}));   // half a sample
        assertEquals(2, sink.totalSamples());
    }

    @Test
    void volumeMuteAndLatencyReachTheSink() throws Exception {
        send(PLAYBACK_VOLUME, AudioTestMessages.volume(65535, 32768));
        send(PLAYBACK_MUTE, new byte[] {1});
        send(PLAYBACK_LATENCY, new org.thinspice.engine.wire.WireWriter().u32(250).toByteArray());
        assertArrayEquals(new int[] {65535, 32768}, sink.guestVolume());
        assertEquals(Boolean.TRUE, sink.guestMute());
        assertEquals(250, sink.minimumLatency());
        send(PLAYBACK_LATENCY, new org.thinspice.engine.wire.WireWriter().u32(0xFFFFFFFFL).toByteArray());
        assertEquals(JitterBuffer.MAX_TARGET_MILLIS, sink.minimumLatency());
    }

    @Test
    void audioClockSetsTheMultimediaTimeToThePacketMinusTheSinkDelay() throws Exception {
        AudioSink delayed = new AudioSink() {
            @Override
            public void start(PcmFormat format) {
            }

            @Override
            public void write(short[] pcm, int samples) {
            }

            @Override
            public void stop() {
            }

            @Override
            public long delayMillis() {
                return 120;
            }
        };
        PlaybackChannel p = new PlaybackChannel(0, delayed, clock, new SpiceListener() { });
        clock.set(5);
        assertEquals(-1, clock.audioDelay());
        p.onMessage(new SpiceMessage(PLAYBACK_START, start(2, FORMAT_S16, 48000, 0)), m -> { });
        p.onMessage(new SpiceMessage(PLAYBACK_DATA, data(10_000, new byte[1920])), m -> { });
        assertEquals(10_000 - 120, clock.now());
        assertEquals(120, clock.audioDelay());
        nanos.addAndGet(50_000_000L);
        assertEquals(10_000 - 120 + 50, clock.now(), "the clock runs on between syncs");
        p.onMessage(new SpiceMessage(PLAYBACK_DATA, data(10_010, new byte[1920])), m -> { });
        assertEquals(10_000 - 120 + 50, clock.now(), "not every packet resyncs");
        p.onMessage(new SpiceMessage(PLAYBACK_STOP, new byte[0]), m -> { });
        assertEquals(-1, clock.audioDelay());
    }

    @Test
    void audioClockWrapsAsU32() throws Exception {
        send(PLAYBACK_START, start(2, FORMAT_S16, 48000, 0));
        send(PLAYBACK_DATA, data(0, new byte[1920]));
        assertEquals(0, clock.now(), "capturing sink has no delay");
    }
}
