package org.thinspice.engine.audio;

/** The playback channel's server messages (spice.proto {@code channel PlaybackChannel}), one record each. */
public sealed interface PlaybackMessage {
    /** DATA 101: an encoded packet of the current mode, stamped with the server's mm-time. */
    record Data(long time, byte[] data) implements PlaybackMessage {
    }

    /** MODE 102: RAW (1) or OPUS (3) from now on; CELT (2) is long gone. */
    record Mode(long time, int mode) implements PlaybackMessage {
    }

    /** START 103 (playback) / START 101 (record): a stream in this format begins. */
    record Start(int channels, int format, long frequency, long time) implements PlaybackMessage {
    }

    /** STOP 104 (playback) / 102 (record). */
    record Stop() implements PlaybackMessage {
    }

    /** VOLUME 105 / 103: u8 n, u16 volume[n]. */
    record Volume(int[] levels) implements PlaybackMessage {
    }

    /** MUTE 106 / 104. */
    record Mute(boolean mute) implements PlaybackMessage {
    }

    /** LATENCY 107: the smallest playback buffer the server wants, ms. */
    record Latency(long millis) implements PlaybackMessage {
    }

    /** A message number this client does not know (skipped). */
    record Unknown(int type) implements PlaybackMessage {
    }
}
