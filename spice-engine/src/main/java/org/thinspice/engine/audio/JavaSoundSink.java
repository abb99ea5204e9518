package org.thinspice.engine.audio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays on the terminal through {@code javax.sound.sampled} (ALSA or PulseAudio underneath). The channel
 * writes into a {@link JitterBuffer}; a thread of this sink moves 10 ms chunks from it to the sound line,
 * applying the guest's volume and mute and the terminal's own level and mute. A device that cannot be opened
 * is logged once per stream and the audio dropped — the desktop goes on without sound.
 */
public final class JavaSoundSink implements AudioSink {
    private static final Logger LOG = LoggerFactory.getLogger(JavaSoundSink.class);
    /** Default prefill: enough for a LAN's and a decent WAN's jitter with 10 ms packets. */
    public static final int DEFAULT_TARGET_MILLIS = 80;
    static final int CHUNK_MILLIS = 10;
    /** The sound line's own buffer (ms): small, the jitter buffer does the absorbing. */
    static final int LINE_MILLIS = 40;

    private final Mixer.Info device;
    private final Object lock = new Object();
    private JitterBuffer buffer;
    private int minimumLatency;
    private Thread player;
    private volatile SourceDataLine line;
    private volatile boolean running;
    private volatile double guestGain = 1.0;
    private volatile boolean guestMute;
    private volatile double level = 1.0;
    private volatile boolean muted;

    /** @param device the output device, or null for the system's default */
    public JavaSoundSink(Mixer.Info device) {
        this.device = device;
    }

    /** The terminal's own output level, 0..1 (the kiosk's setting). */
    public void setLevel(double level) {
        this.level = Math.max(0, Math.min(1, level));
    }

    /** The terminal's own mute (the kiosk's session bar). */
    public void setMuted(boolean muted) {
        this.muted = muted;
    }

    public boolean muted() {
        return muted;
    }

    @Override
    public void start(PcmFormat format) {
        synchronized (lock) {
            if (buffer == null || !buffer.format().equals(format)) {
                stopPlayer();
                buffer = new JitterBuffer(format, Math.max(DEFAULT_TARGET_MILLIS, minimumLatency));
                running = true;
                JitterBuffer b = buffer;
                player = new Thread(() -> play(b), "thinspice-playback");
                player.setDaemon(true);
                player.start();
            }
        }
    }

    @Override
    public void write(short[] pcm, int samples) {
        JitterBuffer b = buffer;
        if (b != null) {
            b.write(pcm, samples);
        }
    }

    @Override
    public void stop() {
        // the line keeps playing what is buffered, then silence, until the next stream or close
    }

    @Override
    public void guestVolume(int[] levels) {
        if (levels.length > 0) {
            long sum = 0;
            for (int l : levels) {
                sum += l;
            }
            guestGain = sum / (double) levels.length / 65535.0;
        }
    }

    @Override
    public void guestMute(boolean mute) {
        guestMute = mute;
    }

    @Override
    public void minimumLatency(int millis) {
        synchronized (lock) {
            minimumLatency = millis;
            if (buffer != null) {
                buffer.setTargetMillis(Math.max(DEFAULT_TARGET_MILLIS, millis));
            }
        }
    }

    @Override
    public long delayMillis() {
        JitterBuffer b = buffer;
        SourceDataLine l = line;
        long lineMillis = 0;
        if (b != null && l != null) {
            int bytesPerMs = b.format().sampleRate() * b.format().channels() * 2 / 1000;
            lineMillis = (l.getBufferSize() - l.available()) / Math.max(1, bytesPerMs);
        }
        return (b == null ? 0 : b.bufferedMillis()) + lineMillis;
    }

    @Override
    public void close() {
        synchronized (lock) {
            stopPlayer();
            buffer = null;
        }
    }

    private void stopPlayer() {
        running = false;
        Thread t = player;
        player = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void play(JitterBuffer b) {
        PcmFormat f = b.format();
        AudioFormat af = new AudioFormat(f.sampleRate(), 16, f.channels(), true, false);
        int chunk = f.samples(CHUNK_MILLIS);
        short[] pcm = new short[chunk];
        byte[] bytes = new byte[chunk * 2];
        try (SourceDataLine l = open(af, f.samples(LINE_MILLIS) * 2)) {
            line = l;
            l.start();
            while (running) {
                b.read(pcm, chunk);
                toBytes(pcm, bytes, gain());
                l.write(bytes, 0, bytes.length);
            }
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            LOG.warn("no sound output ({}): {}", device == null ? "default device" : device.getName(), e.toString());
        } finally {
            line = null;
        }
    }

    private SourceDataLine open(AudioFormat af, int bufferBytes) throws LineUnavailableException {
        DataLine.Info info = new DataLine.Info(SourceDataLine.class, af);
        SourceDataLine l = (SourceDataLine) (device == null ? AudioSystem.getLine(info)
                : AudioSystem.getMixer(device).getLine(info));
        l.open(af, bufferBytes);
        return l;
    }

    private double gain() {
        return muted || guestMute ? 0 : level * guestGain;
    }

    static void toBytes(short[] pcm, byte[] bytes, double gain) {
        for (int i = 0; i < pcm.length; i++) {
            int v = gain >= 0.999 ? pcm[i] : (int) Math.round(pcm[i] * gain);
            bytes[2 * i] = (byte) v;
            bytes[2 * i + 1] = (byte) (v >> 8);
        }
    }

    /** Output devices that can play 16-bit PCM, for the settings screen. */
    public static java.util.List<Mixer.Info> devices() {
        java.util.List<Mixer.Info> out = new java.util.ArrayList<>();
        DataLine.Info want = new DataLine.Info(SourceDataLine.class,
                new AudioFormat(48000, 16, 2, true, false));
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            try {
                if (AudioSystem.getMixer(mi).isLineSupported(want)) {
                    out.add(mi);
                }
            } catch (RuntimeException e) {
                // a device that cannot even be asked is not offered
            }
        }
        return out;
    }
}
