/*
 * tbsound: plays and records tones through the guest's sound card (AC97, snd-intel8x0) using the kernel's
 * OSS PCM emulation (/dev/dsp, snd-pcm-oss): plain ioctls, no alsa-lib.
 *   tbsound play HZ AMPLITUDE SECONDS   S16 stereo 48 kHz sine, AMPLITUDE = peak as a fraction of full scale
 *   tbsound rec SECONDS                 records S16 stereo 48 kHz, analyses the last 8192 frames of the left
 *                                       channel (Hann window, strongest DFT bin 20 Hz..12 kHz, parabolic
 *                                       interpolation) and prints
 *                                         TB-SOUND rec frames=N hz=F rms=R peak=P
 * Both print "TB-SOUND open rate=R channels=C" once the device is set up and "TB-SOUND done" at the end;
 * errors print "TB-SOUND error ..." and exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/soundcard.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define RATE 48000
#define CHANNELS 2
#define WINDOW 8192

static int open_dsp(int mode) {
    int fd = open("/dev/dsp", mode);
    if (fd < 0) {
        printf("TB-SOUND error open /dev/dsp: %s\n", strerror(errno));
        exit(1);
    }
    int fmt = AFMT_S16_LE, ch = CHANNELS, rate = RATE;
    if (ioctl(fd, SNDCTL_DSP_SETFMT, &fmt) < 0 || fmt != AFMT_S16_LE
            || ioctl(fd, SNDCTL_DSP_CHANNELS, &ch) < 0 || ch != CHANNELS
            || ioctl(fd, SNDCTL_DSP_SPEED, &rate) < 0) {
        printf("TB-SOUND error setup: fmt=%d channels=%d rate=%d: %s\n", fmt, ch, rate, strerror(errno));
        exit(1);
    }
    printf("TB-SOUND open rate=%d channels=%d\n", rate, ch);
    fflush(stdout);
    return fd;
}

static int play(double hz, double amp, double seconds) {
    int fd = open_dsp(O_WRONLY);
    long frames = (long) (seconds * RATE);
    short buf[480 * CHANNELS];
    for (long at = 0; at < frames; at += 480) {
        for (int i = 0; i < 480; i++) {
            short v = (short) lrint(amp * 32767.0 * sin(2 * M_PI * hz * (double) (at + i) / RATE));
            for (int c = 0; c < CHANNELS; c++)
                buf[i * CHANNELS + c] = v;
        }
        if (write(fd, buf, sizeof buf) != (ssize_t) sizeof buf) {
            printf("TB-SOUND error write: %s\n", strerror(errno));
            return 1;
        }
    }
    ioctl(fd, SNDCTL_DSP_SYNC, 0);
    close(fd);
    printf("TB-SOUND done\n");
    return 0;
}

static double magnitude(const double *w, int n, int k) {
    /* Goertzel: |X[k]| of w[0..n) */
    double coeff = 2 * cos(2 * M_PI * k / n), s1 = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        double s = w[i] + coeff * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    return sqrt(fabs(s1 * s1 + s2 * s2 - coeff * s1 * s2));
}

static int rec(double seconds) {
    int fd = open_dsp(O_RDONLY);
    long frames = (long) (seconds * RATE);
    if (frames < WINDOW)
        frames = WINDOW;
    static short ring[WINDOW * CHANNELS];
    long got = 0;
    short buf[480 * CHANNELS];
    while (got < frames) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) {
            printf("TB-SOUND error read: %s\n", n < 0 ? strerror(errno) : "end of data");
            return 1;
        }
        for (long i = 0; i < n / (2 * CHANNELS); i++, got++)
            memcpy(&ring[(got % WINDOW) * CHANNELS], &buf[i * CHANNELS], 2 * CHANNELS);
    }
    close(fd);
    static double w[WINDOW];
    double sum = 0, peak = 0;
    for (int i = 0; i < WINDOW; i++) {
        double x = ring[((got + i) % WINDOW) * CHANNELS] / 32768.0;
        sum += x * x;
        if (fabs(x) > peak)
            peak = fabs(x);
        w[i] = x * (0.5 - 0.5 * cos(2 * M_PI * i / (WINDOW - 1)));
    }
    int lo = 20 * WINDOW / RATE + 1, hi = 12000 * WINDOW / RATE;
    int best = lo;
    double bestMag = -1;
    for (int k = lo; k <= hi; k++) {
        double m = magnitude(w, WINDOW, k);
        if (m > bestMag) {
            bestMag = m;
            best = k;
        }
    }
    double a = log(magnitude(w, WINDOW, best - 1) + 1e-12), b = log(bestMag + 1e-12),
           c = log(magnitude(w, WINDOW, best + 1) + 1e-12);
    double shift = (a - 2 * b + c) == 0 ? 0 : 0.5 * (a - c) / (a - 2 * b + c);
    printf("TB-SOUND rec frames=%ld hz=%.1f rms=%.4f peak=%.4f\n", got, (best + shift) * RATE / (double) WINDOW,
           sqrt(sum / WINDOW), peak);
    printf("TB-SOUND done\n");
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 5 && strcmp(argv[1], "play") == 0)
        return play(atof(argv[2]), atof(argv[3]), atof(argv[4]));
    if (argc == 3 && strcmp(argv[1], "rec") == 0)
        return rec(atof(argv[2]));
    fprintf(stderr, "usage: tbsound play HZ AMPLITUDE SECONDS | tbsound rec SECONDS\n");
    return 2;
}
