package org.thinspice.engine.audio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

/**
 * The playback channel (type 5): MODE picks RAW or OPUS, START opens a stream in the {@link AudioSink}, DATA
 * is decoded and written to it, STOP ends the stream; VOLUME, MUTE and LATENCY are handed to the sink. Every
 * {@link #CLOCK_SYNC_EVERY}th packet sets the session's multimedia clock to the packet's time minus what the
 * sink still holds (spice-gtk's audio clock), so video frames are shown when their sound is heard.
 *
 * <p>A malformed message or a packet the codec rejects is skipped with a log line (the first few, then every
 * {@link #LOG_EVERY}th) and counted; the stream and the session go on — one bad packet is 10 ms of silence,
 * closing the channel would be silence for the rest of the session.
 */
public final class PlaybackChannel implements ChannelLogic {
    private static final Logger LOG = LoggerFactory.getLogger(PlaybackChannel.class);
    public static final int CAP_VOLUME = 1;
    public static final int CAP_LATENCY = 2;
    public static final int CAP_OPUS = 3;
    /** Packets between clock syncs: 1 s of spice-server's 10 ms frames (spice-gtk queries its delay as often). */
    static final int CLOCK_SYNC_EVERY = 100;
    static final int LOG_FIRST = 5;
    static final int LOG_EVERY = 1000;

    private final int channelId;
    private final AudioSink sink;
    private final MultimediaClock clock;
    private final SpiceListener listener;
    private int mode = AudioMessages.MODE_RAW;
    private PcmFormat format;
    private AudioDecoder decoder;
    private short[] pcm;
    private long sinceSync;
    private long packets;
    private long decodedSamples;
    private long skipped;
    private long lastTime;

    public PlaybackChannel(int channelId, AudioSink sink, MultimediaClock clock, SpiceListener listener) {
        this.channelId = channelId;
        this.sink = sink;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public Caps channelCaps() {
        return Caps.of(CAP_VOLUME, CAP_LATENCY, CAP_OPUS);
    }

    @Override
    public void onLinked(LinkReply reply, Outbox out) {
        // the server starts with MODE / START when the guest plays
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox out) throws SpiceException {
        PlaybackMessage msg;
        try {
            msg = AudioMessages.parsePlayback(m.type(), m.body());
        } catch (SpiceProtocolException e) {
            skip("malformed message " + m.type(), e);
            return;
        }
        if (msg instanceof PlaybackMessage.Mode md) {
            onMode(md.mode());
        } else if (msg instanceof PlaybackMessage.Start st) {
            onStart(st);
        } else if (msg instanceof PlaybackMessage.Data d) {
            onData(d);
        } else if (msg instanceof PlaybackMessage.Stop) {
            onStop();
        } else if (msg instanceof PlaybackMessage.Volume v) {
            sink.guestVolume(v.levels());
        } else if (msg instanceof PlaybackMessage.Mute mu) {
            sink.guestMute(mu.mute());
        } else if (msg instanceof PlaybackMessage.Latency l) {
            sink.minimumLatency((int) Math.min(l.millis(), JitterBuffer.MAX_TARGET_MILLIS));
        }
        // Unknown: a newer protocol's message, skipped as on every channel
    }

    private void onMode(int newMode) {
        if (newMode != AudioMessages.MODE_RAW && newMode != AudioMessages.MODE_OPUS) {
            skip("mode " + newMode + " (only RAW and OPUS are decoded); its packets are skipped", null);
        }
        mode = newMode;
        decoder = null;
        if (format != null) {
            openDecoder();
        }
    }

    private void onStart(PlaybackMessage.Start s) {
        if (s.format() != AudioMessages.FORMAT_S16) {
            skip("START with sample format " + s.format() + " (only S16); the stream is skipped", null);
            format = null;
            return;
        }
        try {
            format = new PcmFormat((int) Math.min(Integer.MAX_VALUE, s.frequency()), s.channels());
        } catch (IllegalArgumentException e) {
            skip("START: " + e.getMessage() + "; the stream is skipped", null);
            format = null;
            return;
        }
        openDecoder();
        sinceSync = 0;
        sink.start(format);
        clock.setAudioDelay(sink.delayMillis());
        listener.onPlayback(channelId, true);
    }

    private void openDecoder() {
        decoder = null;
        if (mode != AudioMessages.MODE_RAW && mode != AudioMessages.MODE_OPUS) {
            return;
        }
        try {
            decoder = AudioDecoder.forMode(mode, format);
            if (pcm == null || pcm.length < decoder.maxSamples()) {
                pcm = new short[decoder.maxSamples()];
            }
        } catch (SpiceProtocolException e) {
            skip("no decoder", e);
        }
    }

    private void onData(PlaybackMessage.Data d) {
        packets++;
        if (format == null || decoder == null) {
            skip("data outside a playable stream", null);
            return;
        }
        int n;
        try {
            n = decoder.decode(d.data(), pcm);
        } catch (SpiceProtocolException e) {
            skip("undecodable packet", e);
            return;
        }
        decodedSamples += n;
        sink.write(pcm, n);
        lastTime = d.time();
        if (sinceSync++ % CLOCK_SYNC_EVERY == 0) {
            long delay = sink.delayMillis();
            clock.set((d.time() - delay) & 0xFFFFFFFFL);
            clock.setAudioDelay(delay);
        }
    }

    private void onStop() {
        if (format != null) {
            sink.stop();
            listener.onPlayback(channelId, false);
        }
        format = null;
        clock.setAudioDelay(-1);
    }

    private void skip(String what, SpiceProtocolException e) {
        skipped++;
        if (skipped <= LOG_FIRST || skipped % LOG_EVERY == 0) {
            LOG.warn("playback channel {}: skipped {}{} ({} skipped so far)", channelId, what,
                    e == null ? "" : ": " + e.getMessage(), skipped);
        }
    }

    @Override
    public void onClosed() {
        if (format != null) {
            sink.stop();
            listener.onPlayback(channelId, false);
            format = null;
        }
        clock.setAudioDelay(-1);
    }

    /** DATA messages received. */
    public long packets() {
        return packets;
    }

    /** Samples (all channels) decoded and handed to the sink. */
    public long decodedSamples() {
        return decodedSamples;
    }

    /** Messages and packets skipped (malformed, undecodable, outside a stream). */
    public long skipped() {
        return skipped;
    }

    /** The mode the server chose last (RAW 1, OPUS 3). */
    public int mode() {
        return mode;
    }

    /** The mm-time of the newest packet played. */
    public long lastPacketTime() {
        return lastTime;
    }
}
