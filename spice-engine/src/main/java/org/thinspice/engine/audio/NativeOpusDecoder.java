package org.thinspice.engine.audio;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.thinspice.engine.SpiceProtocolException;

import java.lang.ref.Cleaner;

/**
 * OPUS mode through libopus (Debian's libopus0, the library spice-gtk decodes with) over JNA: the same packets
 * as {@link OpusPacketDecoder}, in native code. The packet and the samples go through native buffers allocated
 * once per stream; a packet libopus rejects is reported and the decoder reset. The decoder's native state is
 * freed when this object is collected. Made by {@link OpusDecoders}.
 */
final class NativeOpusDecoder implements AudioDecoder {
    /** The part of libopus's API used here (opus.h). */
    interface OpusLibrary extends Library {
        Pointer opus_decoder_create(int fs, int channels, IntByReference error);

        int opus_decode(Pointer st, Pointer data, int len, Pointer pcm, int frameSize, int decodeFec);

        int opus_decoder_ctl(Pointer st, int request, Object... args);

        void opus_decoder_destroy(Pointer st);

        String opus_strerror(int error);

        String opus_get_version_string();
    }

    /** opus_defines.h: OPUS_RESET_STATE. */
    static final int OPUS_RESET_STATE = 4028;
    private static final Cleaner CLEANER = Cleaner.create();

    private final OpusLibrary lib;
    private final Pointer state;
    private final int channels;
    private final Memory in = new Memory(AudioMessages.MAX_PACKET_BYTES);
    private final Memory out;

    NativeOpusDecoder(OpusLibrary lib, PcmFormat format) throws SpiceProtocolException {
        this.lib = lib;
        this.channels = format.channels();
        IntByReference error = new IntByReference();
        Pointer st = lib.opus_decoder_create(format.sampleRate(), format.channels(), error);
        if (st == null || error.getValue() != 0) {
            throw new SpiceProtocolException("Opus cannot decode " + format + ": " + lib.opus_strerror(error.getValue()));
        }
        this.state = st;
        this.out = new Memory((long) OpusPacketDecoder.MAX_FRAME_SAMPLES * channels * 2);
        CLEANER.register(this, () -> lib.opus_decoder_destroy(st));
    }

    @Override
    public int decode(byte[] packet, short[] pcm) throws SpiceProtocolException {
        if (packet.length == 0) {
            throw new SpiceProtocolException("empty Opus packet");
        }
        if (packet.length > in.size()) {
            throw new SpiceProtocolException("Opus packet of " + packet.length + " bytes (at most " + in.size() + ")");
        }
        in.write(0, packet, 0, packet.length);
        int perChannel = lib.opus_decode(state, in, packet.length, out, OpusPacketDecoder.MAX_FRAME_SAMPLES, 0);
        if (perChannel < 0) {
            lib.opus_decoder_ctl(state, OPUS_RESET_STATE);
            throw new SpiceProtocolException("bad Opus packet of " + packet.length + " bytes: "
                    + lib.opus_strerror(perChannel));
        }
        int n = perChannel * channels;
        out.read(0, pcm, 0, n);
        return n;
    }

    @Override
    public int maxSamples() {
        return OpusPacketDecoder.MAX_FRAME_SAMPLES * channels;
    }
}
