package org.thinspice.engine.audio;

import org.thinspice.engine.SpiceProtocolException;

/** Turns one playback packet into interleaved S16 samples. Sans-I/O; one instance per stream. */
public interface AudioDecoder {
    /**
     * Decodes {@code packet} into {@code pcm} (at least {@link #maxSamples()} long).
     *
     * @return samples written (all channels)
     * @throws SpiceProtocolException a packet this decoder cannot read; the decoder stays usable
     */
    int decode(byte[] packet, short[] pcm) throws SpiceProtocolException;

    /** The most samples (all channels) one packet can give. */
    int maxSamples();

    /** For a mode and a stream format: RAW or OPUS. */
    static AudioDecoder forMode(int mode, PcmFormat format) throws SpiceProtocolException {
        return switch (mode) {
            case AudioMessages.MODE_RAW -> new RawPcmDecoder(format.channels());
            case AudioMessages.MODE_OPUS -> OpusDecoders.forStream(format);
            default -> throw new SpiceProtocolException("audio mode " + mode + " (RAW 1 and OPUS 3 are supported)");
        };
    }
}
