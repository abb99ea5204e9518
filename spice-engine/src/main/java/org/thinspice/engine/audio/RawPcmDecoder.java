package org.thinspice.engine.audio;

import org.thinspice.engine.SpiceProtocolException;

/** RAW mode: the packet already is interleaved S16LE; only whole sample frames are accepted. */
public final class RawPcmDecoder implements AudioDecoder {
    private final int channels;

    public RawPcmDecoder(int channels) {
        this.channels = channels;
    }

    @Override
    public int decode(byte[] packet, short[] pcm) throws SpiceProtocolException {
        int frameBytes = 2 * channels;
        if (packet.length % frameBytes != 0) {
            throw new SpiceProtocolException("raw audio packet of " + packet.length + " bytes is not whole "
                    + channels + "-channel S16 frames");
        }
        int n = packet.length / 2;
        if (n > pcm.length) {
            throw new SpiceProtocolException("raw audio packet of " + packet.length + " bytes is too long");
        }
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) ((packet[2 * i] & 0xFF) | packet[2 * i + 1] << 8);
        }
        return n;
    }

    @Override
    public int maxSamples() {
        return AudioMessages.MAX_PACKET_BYTES / 2;
    }
}
