package org.thinspice.engine.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import org.thinspice.engine.SpiceProtocolException;

/**
 * OPUS mode through Concentus (pure Java). spice-server sends 10 ms frames of 48 kHz stereo; any legal Opus
 * packet (up to 120 ms) is decoded. A packet Concentus rejects is reported and the decoder reset, so the
 * next packet starts clean.
 */
public final class OpusPacketDecoder implements AudioDecoder {
    /** 120 ms at 48 kHz, the longest Opus packet. */
    static final int MAX_FRAME_SAMPLES = 5760;

    private final OpusDecoder decoder;
    private final int channels;

    public OpusPacketDecoder(PcmFormat format) throws SpiceProtocolException {
        this.channels = format.channels();
        try {
            this.decoder = new OpusDecoder(format.sampleRate(), format.channels());
        } catch (OpusException | IllegalArgumentException e) {
            // Opus decodes at 8, 12, 16, 24 or 48 kHz only
            throw new SpiceProtocolException("Opus cannot decode " + format + ": " + e.getMessage());
        }
    }

    @Override
    public int decode(byte[] packet, short[] pcm) throws SpiceProtocolException {
        if (packet.length == 0) {
            throw new SpiceProtocolException("empty Opus packet");
        }
        try {
            int perChannel = decoder.decode(packet, 0, packet.length, pcm, 0, MAX_FRAME_SAMPLES, false);
            return perChannel * channels;
        } catch (OpusException | RuntimeException e) {
            // Concentus signals some malformed packets with index errors rather than OpusException.
            decoder.resetState();
            throw new SpiceProtocolException("bad Opus packet of " + packet.length + " bytes: " + e);
        }
    }

    @Override
    public int maxSamples() {
        return MAX_FRAME_SAMPLES * channels;
    }
}
