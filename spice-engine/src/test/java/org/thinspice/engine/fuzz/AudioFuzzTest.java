package org.thinspice.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.audio.AudioSource;
import org.thinspice.engine.audio.CapturingSink;
import org.thinspice.engine.audio.OpusPacketDecoder;
import org.thinspice.engine.audio.PcmFormat;
import org.thinspice.engine.audio.PlaybackChannel;
import org.thinspice.engine.audio.RecordChannel;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

import java.util.Arrays;

/**
 * Jazzer targets for sound: the playback channel (message parser, mode and format handling, RAW and Opus
 * decoding into a capturing sink), the record channel's server messages, and single Opus packets. Input of
 * the channel targets: a run of messages {u16 type, u32 length, body}, as in {@link MessageFuzzTest}. The audio
 * channels skip what they cannot use, so no exception at all may leave them.
 */
class AudioFuzzTest {
    private static final SpiceListener QUIET = new SpiceListener() { };

    private static void run(ChannelLogic logic, byte[] in) throws SpiceException {
        int p = 0;
        while (in.length - p >= 6) {
            int type = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
            long len = (in[p + 2] & 0xFFL) | (in[p + 3] & 0xFFL) << 8 | (in[p + 4] & 0xFFL) << 16 | (in[p + 5] & 0xFFL) << 24;
            p += 6;
            int n = (int) Math.min(len, in.length - p);
            logic.onMessage(new SpiceMessage(type, Arrays.copyOfRange(in, p, p + n)), m -> { });
            p += n;
        }
    }

    @FuzzTest(maxDuration = "30s")
    void playback(byte[] in) throws SpiceException {
        CapturingSink sink = new CapturingSink(1 << 16);
        PlaybackChannel channel = new PlaybackChannel(0, sink, new MultimediaClock(System::nanoTime), QUIET);
        channel.onLinked(new LinkReply(new byte[0], Caps.of(), Caps.of()), m -> { });
        run(channel, in);
        channel.onClosed();
        assertTrue(sink.samples().length <= 1 << 16, "the sink holds more than it was given room for");
    }

    @FuzzTest(maxDuration = "30s")
    void record(byte[] in) throws SpiceException {
        AudioSource silent = new AudioSource() {
            @Override
            public void start(PcmFormat format, int frameSamples, java.util.function.Consumer<short[]> frames) {
                frames.accept(new short[frameSamples]);
            }

            @Override
            public void stop() {
            }
        };
        RecordChannel channel = new RecordChannel(0, silent, new MultimediaClock(System::nanoTime), QUIET);
        channel.onLinked(new LinkReply(new byte[0], Caps.of(), Caps.of(RecordChannel.CAP_OPUS)), m -> { });
        run(channel, in);
        channel.onClosed();
    }

    /** One Opus packet, then a good silent one: the decoder must reject or decode, and stay usable. */
    @FuzzTest(maxDuration = "30s")
    void opus(byte[] in) throws SpiceProtocolException {
        OpusPacketDecoder d = new OpusPacketDecoder(PcmFormat.OPUS);
        short[] pcm = new short[d.maxSamples()];
        try {
            int n = d.decode(in, pcm);
            assertTrue(n >= 0 && n <= pcm.length, "decoded " + n + " samples");
        } catch (SpiceProtocolException e) {
            // rejected: the channel skips the packet
        }
        // a CELT-only 20 ms stereo frame (TOC 0xFC: config 31, stereo, one frame): 960 samples a channel
        int n = d.decode(new byte[] {(byte) 0xFC, (byte) 0xFF, (byte) 0xFE}, pcm);
        assertEquals(960 * 2, n, "the decoder did not recover");
    }
}
