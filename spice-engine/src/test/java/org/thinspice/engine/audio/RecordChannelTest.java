package org.thinspice.engine.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordChannelTest {
    /** A source the test drives by hand. */
    static final class HandSource implements AudioSource {
        Consumer<short[]> frames;
        PcmFormat format;
        int frameSamples;

        @Override
        public void start(PcmFormat f, int n, Consumer<short[]> c) {
            format = f;
            frameSamples = n;
            frames = c;
        }

        @Override
        public void stop() {
            frames = null;
        }
    }

    private final HandSource source = new HandSource();
    private final List<OutgoingMessage> sent = new ArrayList<>();
    private final List<Boolean> mic = new ArrayList<>();
    private final RecordChannel channel = new RecordChannel(0, source, new MultimediaClock(() -> 7_000_000L),
            new SpiceListener() {
                @Override
                public void onMicrophone(boolean open) {
                    mic.add(open);
                }
            });

    private void link(Caps serverCaps) {
        channel.onLinked(new LinkReply(new byte[0], Caps.of(), serverCaps), sent::add);
    }

    private void start(int channels, int rate) throws Exception {
        channel.onMessage(new SpiceMessage(AudioMessages.RECORD_START,
                new WireWriter().u32(channels).u16(AudioMessages.FORMAT_S16).u32(rate).toByteArray()), sent::add);
    }

    @Test
    void opusWhenTheServerAcceptsItAndTheToneSurvives() throws Exception {
        link(Caps.of(RecordChannel.CAP_OPUS));
        assertTrue(source.frames == null, "closed before START");
        start(2, 48000);
        assertEquals(List.of(true), mic);
        assertEquals(AudioMessages.MSGC_RECORD_MODE, sent.get(0).type());
        WireReader mode = new WireReader(sent.get(0).body());
        mode.u32();
        assertEquals(AudioMessages.MODE_OPUS, mode.u16());
        assertEquals(AudioMessages.MSGC_RECORD_START_MARK, sent.get(1).type());
        assertEquals(960, source.frameSamples, "10 ms blocks");
        OpusDecoder dec = new OpusDecoder(48000, 2);
        short[] pcm = new short[48000 * 2];
        int at = 0;
        for (int i = 0; i < 50; i++) {
            source.frames.accept(Spectrum.sine(1000, 0.5, 48000, 2, i * 480L, 480));
            OutgoingMessage m = sent.get(sent.size() - 1);
            assertEquals(AudioMessages.MSGC_RECORD_DATA, m.type());
            byte[] packet = java.util.Arrays.copyOfRange(m.body(), 4, m.body().length);
            assertTrue(packet.length < 480, "compressed: " + packet.length);
            at += 2 * dec.decode(packet, 0, packet.length, pcm, at, 480, false);
        }
        double[] x = Spectrum.channel(pcm, 2, 0, 9600, 8192);
        assertEquals(1000, Spectrum.peakHz(x, 48000, 100, 10000), 3);
        channel.onMessage(new SpiceMessage(AudioMessages.RECORD_STOP, new byte[0]), sent::add);
        assertEquals(List.of(true, false), mic);
        assertTrue(source.frames == null, "closed at STOP");
        assertFalse(channel.microphoneOpen());
    }

    @Test
    void rawWithoutTheServersOpusCapOrAtOtherRates() throws Exception {
        link(Caps.of());
        start(1, 48000);
        WireReader mode = new WireReader(sent.get(0).body());
        mode.u32();
        assertEquals(AudioMessages.MODE_RAW, mode.u16());
        source.frames.accept(new short[] {1, -2});
        byte[] body = sent.get(sent.size() - 1).body();
        assertEquals(8, body.length);
        assertEquals(1, body[4]);
        assertEquals((byte) 0xFE, body[6]);
        assertEquals((byte) 0xFF, body[7]);

        RecordChannel other = new RecordChannel(0, source, new MultimediaClock(() -> 0), new SpiceListener() { });
        List<OutgoingMessage> out = new ArrayList<>();
        other.onLinked(new LinkReply(new byte[0], Caps.of(), Caps.of(RecordChannel.CAP_OPUS)), out::add);
        other.onMessage(new SpiceMessage(AudioMessages.RECORD_START,
                new WireWriter().u32(2).u16(1).u32(44100).toByteArray()), out::add);
        assertEquals(AudioMessages.MODE_RAW, other.mode(), "Opus only at 48 kHz");
    }

    @Test
    void blocksAfterStopAreNotSent() throws Exception {
        link(Caps.of());
        start(2, 48000);
        Consumer<short[]> late = source.frames;
        channel.onMessage(new SpiceMessage(AudioMessages.RECORD_STOP, new byte[0]), sent::add);
        int before = sent.size();
        late.accept(new short[960]);
        assertEquals(before, sent.size());
    }
}
