package org.thinspice.engine.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The terminal's microphone through {@code javax.sound.sampled}: a thread reads blocks from a
 * {@link TargetDataLine}, scales them by the terminal's input level and hands them on. The line is open only
 * between {@link #start} and {@link #stop}.
 */
public final class JavaSoundSource implements AudioSource {
    private final Mixer.Info device;
    private volatile double level = 1.0;
    private volatile double peak;
    private TargetDataLine line;
    private Thread reader;
    private volatile boolean running;

    /** @param device the input device, or null for the system's default */
    public JavaSoundSource(Mixer.Info device) {
        this.device = device;
    }

    /** The terminal's input level, 0..1 (the kiosk's setting). */
    public void setLevel(double level) {
        this.level = Math.max(0, Math.min(1, level));
    }

    /** The loudest sample of the latest block, 0..1 (the diagnostics screen's meter). */
    public double peak() {
        return peak;
    }

    @Override
    public synchronized void start(PcmFormat format, int frameSamples, Consumer<short[]> frames) throws IOException {
        stop();
        AudioFormat af = new AudioFormat(format.sampleRate(), 16, format.channels(), true, false);
        try {
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, af);
            TargetDataLine l = (TargetDataLine) (device == null ? AudioSystem.getLine(info)
                    : AudioSystem.getMixer(device).getLine(info));
            l.open(af, frameSamples * 2 * 4);
            l.start();
            line = l;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("cannot open the microphone ("
                    + (device == null ? "default device" : device.getName()) + "): " + e.getMessage(), e);
        }
        running = true;
        TargetDataLine l = line;
        reader = new Thread(() -> read(l, frameSamples, frames), "thinspice-microphone");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(TargetDataLine l, int frameSamples, Consumer<short[]> frames) {
        byte[] bytes = new byte[frameSamples * 2];
        while (running) {
            int got = 0;
            while (got < bytes.length && running) {
                int n = l.read(bytes, got, bytes.length - got);
                if (n <= 0) {
                    break;
                }
                got += n;
            }
            if (got < bytes.length) {
                return;
            }
            short[] block = new short[frameSamples];
            int max = 0;
            double g = level;
            for (int i = 0; i < frameSamples; i++) {
                int v = (int) Math.round(((bytes[2 * i] & 0xFF) | bytes[2 * i + 1] << 8) * g);
                block[i] = (short) v;
                max = Math.max(max, Math.abs(v));
            }
            peak = max / 32768.0;
            frames.accept(block);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (line != null) {
            line.stop();
            line.close();
            line = null;
        }
        if (reader != null) {
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reader = null;
        }
        peak = 0;
    }

    /** Input devices that can capture 16-bit PCM, for the settings screen. */
    public static java.util.List<Mixer.Info> devices() {
        java.util.List<Mixer.Info> out = new java.util.ArrayList<>();
        DataLine.Info want = new DataLine.Info(TargetDataLine.class, new AudioFormat(48000, 16, 2, true, false));
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
