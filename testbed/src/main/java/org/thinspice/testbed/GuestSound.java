package org.thinspice.testbed;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tiny guest's sound card (QEMU's AC97, {@link QemuSpiceServer.Builder#audio()}) through {@code /tbsound}
 * on the serial console: it plays a sine at a known frequency and level, and records and reports what it
 * heard (the strongest frequency and the level of the left channel) — the oracle for the playback and record
 * channels. Both run at 48 kHz stereo S16.
 */
public final class GuestSound {
    /** What the guest recorded: frames read, strongest frequency (Hz), RMS and peak as fractions of full scale. */
    public record Recording(long frames, double hz, double rms, double peak) {
    }

    private static final Pattern REC = Pattern.compile(
            "TB-SOUND rec frames=(\\d+) hz=([0-9.]+) rms=([0-9.]+) peak=([0-9.]+)");

    private final GuestConsole console;

    public GuestSound(GuestConsole console) {
        this.console = console;
    }

    /** Plays a sine of peak {@code amplitude} (0..1 of full scale) for {@code seconds}; returns when it ended. */
    public void play(double hz, double amplitude, double seconds) throws IOException, TimeoutException {
        String out = console.run("/tbsound play " + hz + " " + amplitude + " " + seconds,
                Duration.ofSeconds((long) Math.ceil(seconds) * 4 + 60));
        if (!out.contains("TB-SOUND done")) {
            throw new IOException("tbsound play failed:\n" + out);
        }
    }

    /** Starts playing in the guest's background and returns at once (the console stays usable). */
    public void playInBackground(double hz, double amplitude, double seconds) throws IOException, TimeoutException {
        console.run("/tbsound play " + hz + " " + amplitude + " " + seconds + " > /tmp/tbsound.log 2>&1 &",
                Duration.ofSeconds(30));
    }

    /** Records for {@code seconds} and analyses the last 8192 frames. */
    public Recording record(double seconds) throws IOException, TimeoutException {
        String out = console.run("/tbsound rec " + seconds, Duration.ofSeconds((long) Math.ceil(seconds) * 4 + 90));
        Matcher m = REC.matcher(out);
        if (!m.find()) {
            throw new IOException("tbsound rec gave no result:\n" + out);
        }
        return new Recording(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)));
    }
}
