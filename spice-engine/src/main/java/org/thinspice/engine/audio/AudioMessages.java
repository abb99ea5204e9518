package org.thinspice.engine.audio;

import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.wire.WireReader;

/**
 * Sans-I/O parsing of playback and record channel messages (spice.proto, spice/enums.h). Every length is
 * checked against what the body holds and against a cap before anything is allocated.
 */
public final class AudioMessages {
    public static final int PLAYBACK_DATA = 101;
    public static final int PLAYBACK_MODE = 102;
    public static final int PLAYBACK_START = 103;
    public static final int PLAYBACK_STOP = 104;
    public static final int PLAYBACK_VOLUME = 105;
    public static final int PLAYBACK_MUTE = 106;
    public static final int PLAYBACK_LATENCY = 107;

    public static final int RECORD_START = 101;
    public static final int RECORD_STOP = 102;
    public static final int RECORD_VOLUME = 103;
    public static final int RECORD_MUTE = 104;

    public static final int MSGC_RECORD_DATA = 101;
    public static final int MSGC_RECORD_MODE = 102;
    public static final int MSGC_RECORD_START_MARK = 103;

    public static final int MODE_RAW = 1;
    public static final int MODE_CELT_0_5_1 = 2;
    public static final int MODE_OPUS = 3;
    /** {@code SPICE_AUDIO_FMT_S16}, the only sample format. */
    public static final int FORMAT_S16 = 1;

    /**
     * Largest packet accepted: 100 ms of 192 kHz stereo S16 raw PCM (spice-server sends 10 ms frames; an Opus
     * frame is at most 480 bytes, {@code SND_CODEC_MAX_COMPRESSED_BYTES}).
     */
    public static final int MAX_PACKET_BYTES = 192000 * 2 * 2 / 10;
    /** VOLUME's count is a u8; more than 8 channels is not audio this client can play. */
    public static final int MAX_VOLUME_CHANNELS = 8;

    private AudioMessages() {
    }

    /** One playback channel message. */
    public static PlaybackMessage parsePlayback(int type, byte[] body) throws SpiceProtocolException {
        WireReader r = new WireReader(body);
        return switch (type) {
            case PLAYBACK_DATA -> new PlaybackMessage.Data(r.u32(), packet(r));
            case PLAYBACK_MODE -> mode(r);
            case PLAYBACK_START -> new PlaybackMessage.Start((int) r.u32Max(Integer.MAX_VALUE, "channels"), r.u16(),
                    r.u32(), r.u32());
            case PLAYBACK_STOP -> new PlaybackMessage.Stop();
            case PLAYBACK_VOLUME -> volume(r);
            case PLAYBACK_MUTE -> new PlaybackMessage.Mute(r.u8() != 0);
            case PLAYBACK_LATENCY -> new PlaybackMessage.Latency(r.u32());
            default -> new PlaybackMessage.Unknown(type);
        };
    }

    /** One record channel message from the server. */
    public static PlaybackMessage parseRecord(int type, byte[] body) throws SpiceProtocolException {
        WireReader r = new WireReader(body);
        return switch (type) {
            case RECORD_START -> new PlaybackMessage.Start((int) r.u32Max(Integer.MAX_VALUE, "channels"), r.u16(),
                    r.u32(), 0);
            case RECORD_STOP -> new PlaybackMessage.Stop();
            case RECORD_VOLUME -> volume(r);
            case RECORD_MUTE -> new PlaybackMessage.Mute(r.u8() != 0);
            default -> new PlaybackMessage.Unknown(type);
        };
    }

    private static PlaybackMessage mode(WireReader r) throws SpiceProtocolException {
        long time = r.u32();
        int mode = r.u16();
        packet(r); // codec-specific data: none for RAW or OPUS, checked for size only
        return new PlaybackMessage.Mode(time, mode);
    }

    private static byte[] packet(WireReader r) throws SpiceProtocolException {
        if (r.remaining() > MAX_PACKET_BYTES) {
            throw new SpiceProtocolException("audio packet of " + r.remaining() + " bytes (at most "
                    + MAX_PACKET_BYTES + ")");
        }
        return r.bytes(r.remaining());
    }

    private static PlaybackMessage volume(WireReader r) throws SpiceProtocolException {
        int n = r.u8();
        if (n > MAX_VOLUME_CHANNELS) {
            throw new SpiceProtocolException("volume for " + n + " channels (at most " + MAX_VOLUME_CHANNELS + ")");
        }
        if (r.remaining() < 2L * n) {
            throw new SpiceProtocolException("volume for " + n + " channels in " + r.remaining() + " bytes");
        }
        int[] levels = new int[n];
        for (int i = 0; i < n; i++) {
            levels[i] = r.u16();
        }
        return new PlaybackMessage.Volume(levels);
    }

    // ---- client messages of the record channel

    /** MODE {u32 time, u16 mode, no data}. */
    public static byte[] recordMode(long time, int mode) {
        return new org.thinspice.engine.wire.WireWriter(6).u32(time).u16(mode).toByteArray();
    }

    /** START_MARK {u32 time}. */
    public static byte[] recordStartMark(long time) {
        return new org.thinspice.engine.wire.WireWriter(4).u32(time).toByteArray();
    }

    /** DATA {u32 time, data}. */
    public static byte[] recordData(long time, byte[] data, int length) {
        return new org.thinspice.engine.wire.WireWriter(4 + length).u32(time).bytes(data, 0, length).toByteArray();
    }
}
