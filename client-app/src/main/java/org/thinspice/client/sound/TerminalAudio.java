package org.thinspice.client.sound;

import org.thinspice.client.core.TerminalConfig;
import org.thinspice.engine.audio.AudioSink;
import org.thinspice.engine.audio.AudioSource;
import org.thinspice.engine.audio.JavaSoundSink;
import org.thinspice.engine.audio.JavaSoundSource;
import org.thinspice.engine.audio.PcmFormat;
import org.thinspice.engine.audio.Spectra;

import javax.sound.sampled.Mixer;
import java.util.List;

/**
 * The terminal's speakers and microphone as the settings chose them (device by name, empty for the system's
 * default; levels 0..100): the sink and source a session gives the engine, the session bar's mute, and the
 * diagnostics screen's test tone and microphone meter.
 */
public final class TerminalAudio {
    private final String output;
    private final String input;
    private final double outputLevel;
    private final double inputLevel;
    private volatile JavaSoundSink sink;

    public TerminalAudio(TerminalConfig config) {
        this.output = config.audioOutput;
        this.input = config.audioInput;
        this.outputLevel = Math.max(0, Math.min(100, config.outputLevel)) / 100.0;
        this.inputLevel = Math.max(0, Math.min(100, config.inputLevel)) / 100.0;
    }

    /** Names of the output devices, for the settings screen (the system default is the empty name). */
    public static List<String> outputDevices() {
        return JavaSoundSink.devices().stream().map(Mixer.Info::getName).toList();
    }

    public static List<String> inputDevices() {
        return JavaSoundSource.devices().stream().map(Mixer.Info::getName).toList();
    }

    private static Mixer.Info find(List<Mixer.Info> devices, String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        return devices.stream().filter(d -> d.getName().equals(name)).findFirst().orElse(null);
    }

    /** A new sink for one session, at the configured level; {@link #setMuted} reaches it. */
    public AudioSink sessionSink(boolean muted) {
        JavaSoundSink s = new JavaSoundSink(find(JavaSoundSink.devices(), output));
        s.setLevel(outputLevel);
        s.setMuted(muted);
        sink = s;
        return s;
    }

    /** A new microphone for one session (opened by the engine only while the desktop records). */
    public AudioSource sessionMicrophone() {
        JavaSoundSource s = new JavaSoundSource(find(JavaSoundSource.devices(), input));
        s.setLevel(inputLevel);
        return s;
    }

    /** The session bar's mute. */
    public void setMuted(boolean muted) {
        JavaSoundSink s = sink;
        if (s != null) {
            s.setMuted(muted);
        }
    }

    /** Ends the session's sink (its device and thread). */
    public void closeSession() {
        JavaSoundSink s = sink;
        sink = null;
        if (s != null) {
            s.close();
        }
    }

    /**
     * Plays a 1 kHz test tone for {@code millis} on the configured output and level, blocking (call it off the
     * FX thread).
     */
    public void playTestTone(int millis) throws InterruptedException {
        JavaSoundSink s = new JavaSoundSink(find(JavaSoundSink.devices(), output));
        s.setLevel(outputLevel);
        PcmFormat f = new PcmFormat(48000, 2);
        s.start(f);
        try {
            for (int at = 0; at < millis; at += 10) {
                s.write(Spectra.sine(1000, 0.5, f, at * 48L, 480), 960);
                Thread.sleep(10);
            }
            Thread.sleep(200);
        } finally {
            s.close();
        }
    }

    /** Opens the configured microphone and reports its peak level (0..1) to {@code level} until closed. */
    public AutoCloseable meterMicrophone(java.util.function.DoubleConsumer level) throws java.io.IOException {
        JavaSoundSource s = new JavaSoundSource(find(JavaSoundSource.devices(), input));
        s.setLevel(inputLevel);
        s.start(new PcmFormat(48000, 2), 4800, block -> level.accept(s.peak()));
        return s::stop;
    }
}
