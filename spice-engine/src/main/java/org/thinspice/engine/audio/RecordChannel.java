package org.thinspice.engine.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

import java.util.concurrent.Executor;

/**
 * The record channel (type 6): when the guest starts recording (START) the {@link AudioSource} opens, the
 * client tells the server its mode (OPUS when the server announced the record OPUS capability and the stream
 * is 48 kHz, RAW otherwise) and a start mark, then sends 10 ms blocks as DATA stamped with the multimedia
 * time; STOP closes the source. The microphone is open only in between. Malformed server messages are
 * skipped with a log line, as on the playback channel.
 */
public final class RecordChannel implements ChannelLogic {
    private static final Logger LOG = LoggerFactory.getLogger(RecordChannel.class);
    public static final int CAP_VOLUME = 1;
    public static final int CAP_OPUS = 2;
    /** 10 ms blocks, as spice-gtk and spice-server's Opus frame size. */
    static final int BLOCK_MILLIS = 10;
    /** Opus bit rate for the microphone: speech and music both clear at 64 kbit/s. */
    static final int OPUS_BITRATE = 64000;

    private final int channelId;
    private final AudioSource source;
    private final MultimediaClock clock;
    private final SpiceListener listener;
    private Executor loop = Runnable::run;
    private Outbox out;
    private boolean serverOpus;
    private volatile boolean open;
    private int mode;
    private PcmFormat format;
    private OpusEncoder encoder;
    private final byte[] encoded = new byte[1275]; // the largest Opus frame
    private long blocksSent;
    private long bytesSent;
    private long skipped;

    public RecordChannel(int channelId, AudioSource source, MultimediaClock clock, SpiceListener listener) {
        this.channelId = channelId;
        this.source = source;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public Caps channelCaps() {
        return Caps.of(CAP_VOLUME, CAP_OPUS);
    }

    @Override
    public void attach(Executor eventLoop) {
        this.loop = eventLoop;
    }

    @Override
    public void onLinked(LinkReply reply, Outbox o) {
        this.out = o;
        this.serverOpus = reply.channelCaps().has(CAP_OPUS);
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox o) throws SpiceException {
        PlaybackMessage msg;
        try {
            msg = AudioMessages.parseRecord(m.type(), m.body());
        } catch (SpiceProtocolException e) {
            skip("malformed message " + m.type() + ": " + e.getMessage());
            return;
        }
        if (msg instanceof PlaybackMessage.Start s) {
            onStart(s, o);
        } else if (msg instanceof PlaybackMessage.Stop) {
            close();
        }
        // VOLUME and MUTE set the guest's capture mixer; the terminal's own level is the kiosk's setting.
    }

    private void onStart(PlaybackMessage.Start s, Outbox o) {
        close();
        if (s.format() != AudioMessages.FORMAT_S16) {
            skip("START with sample format " + s.format() + " (only S16)");
            return;
        }
        try {
            format = new PcmFormat((int) Math.min(Integer.MAX_VALUE, s.frequency()), s.channels());
        } catch (IllegalArgumentException e) {
            skip("START: " + e.getMessage());
            return;
        }
        mode = serverOpus && format.sampleRate() == 48000 ? AudioMessages.MODE_OPUS : AudioMessages.MODE_RAW;
        encoder = null;
        if (mode == AudioMessages.MODE_OPUS) {
            try {
                encoder = new OpusEncoder(format.sampleRate(), format.channels(), OpusApplication.OPUS_APPLICATION_AUDIO);
                encoder.setBitrate(OPUS_BITRATE);
            } catch (OpusException e) {
                LOG.warn("record channel {}: no Opus encoder ({}), sending raw PCM", channelId, e.getMessage());
                mode = AudioMessages.MODE_RAW;
            }
        }
        long now = clock.now();
        o.send(new OutgoingMessage(AudioMessages.MSGC_RECORD_MODE, AudioMessages.recordMode(now, mode)));
        o.send(new OutgoingMessage(AudioMessages.MSGC_RECORD_START_MARK, AudioMessages.recordStartMark(now)));
        try {
            open = true;
            PcmFormat f = format;
            source.start(f, f.samples(BLOCK_MILLIS), block -> loop.execute(() -> send(f, block)));
            listener.onMicrophone(true);
        } catch (java.io.IOException | RuntimeException e) {
            open = false;
            LOG.warn("record channel {}: {}", channelId, e.getMessage());
        }
    }

    private void send(PcmFormat f, short[] block) {
        if (!open || f != format || out == null) {
            return; // a block that was under way when the guest stopped
        }
        byte[] body;
        if (encoder != null) {
            int n;
            try {
                n = encoder.encode(block, 0, block.length / f.channels(), encoded, 0, encoded.length);
            } catch (OpusException | RuntimeException e) {
                skip("a block the Opus encoder refused: " + e);
                return;
            }
            body = AudioMessages.recordData(clock.now(), encoded, n);
        } else {
            byte[] raw = new byte[block.length * 2];
            for (int i = 0; i < block.length; i++) {
                raw[2 * i] = (byte) block[i];
                raw[2 * i + 1] = (byte) (block[i] >> 8);
            }
            body = AudioMessages.recordData(clock.now(), raw, raw.length);
        }
        blocksSent++;
        bytesSent += body.length - 4;
        out.send(new OutgoingMessage(AudioMessages.MSGC_RECORD_DATA, body));
    }

    private void close() {
        if (open) {
            open = false;
            source.stop();
            listener.onMicrophone(false);
        }
        format = null;
    }

    private void skip(String what) {
        skipped++;
        if (skipped <= 5 || skipped % 1000 == 0) {
            LOG.warn("record channel {}: skipped {} ({} skipped so far)", channelId, what, skipped);
        }
    }

    @Override
    public void onClosed() {
        close();
    }

    /** Whether the microphone is open (the guest records). */
    public boolean microphoneOpen() {
        return open;
    }

    /** The mode told to the server at the latest START (RAW 1, OPUS 3), 0 before any. */
    public int mode() {
        return mode;
    }

    public long blocksSent() {
        return blocksSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long skipped() {
        return skipped;
    }
}
