package org.thinspice.engine.audio;

/**
 * A small bounded playout buffer between the network (bursty) and a sound device (steady). Playback starts
 * once {@link #target} samples are buffered; an underrun plays silence and waits for the target again; a
 * buffer that grows past the target by more than the slack (the device runs slower than the server's clock,
 * or a burst arrived) drops its oldest samples back to the target — so it neither starves on a jittery
 * link nor grows without bound. Thread-safe: the channel writes, the device's thread reads.
 */
public final class JitterBuffer {
    /** Largest target accepted (ms): a server asking for more gets this. */
    public static final int MAX_TARGET_MILLIS = 1000;
    /** How far past the target the buffer may grow before it is trimmed (ms). */
    public static final int SLACK_MILLIS = 200;

    private final PcmFormat format;
    private final short[] ring;
    private int head;
    private int size;
    private int target;
    private boolean playing;
    private long underruns;
    private long dropped;

    public JitterBuffer(PcmFormat format, int targetMillis) {
        this.format = format;
        this.ring = new short[format.samples(MAX_TARGET_MILLIS + SLACK_MILLIS)];
        setTargetMillis(targetMillis);
    }

    public PcmFormat format() {
        return format;
    }

    /** Sets the prefill target, clamped to 0..{@link #MAX_TARGET_MILLIS}; rounded to whole sample frames. */
    public synchronized void setTargetMillis(int millis) {
        int ms = Math.max(0, Math.min(MAX_TARGET_MILLIS, millis));
        target = format.samples(ms) / format.channels() * format.channels();
    }

    public synchronized int targetMillis() {
        return (int) format.millis(target);
    }

    /** Appends samples; past target + slack the oldest are dropped back to the target. */
    public synchronized void write(short[] pcm, int n) {
        if (n >= ring.length) { // a single huge write keeps its newest part
            int skip = n - ring.length;
            dropped += size + skip;
            head = 0;
            size = 0;
            append(pcm, skip, ring.length);
        } else {
            append(pcm, 0, n);
        }
        int limit = Math.min(ring.length, target + format.samples(SLACK_MILLIS));
        if (size > limit) {
            int excess = (size - target) / format.channels() * format.channels();
            dropOldest(excess);
        }
    }

    private void append(short[] pcm, int from, int n) {
        if (size + n > ring.length) {
            dropOldest(size + n - ring.length);
        }
        int tail = (head + size) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(pcm, from, ring, tail, first);
        System.arraycopy(pcm, from + first, ring, 0, n - first);
        size += n;
    }

    private void dropOldest(int n) {
        head = (head + n) % ring.length;
        size -= n;
        dropped += n;
    }

    /**
     * Fills {@code dst[0..n)}: buffered samples once playing, silence before the target is reached and after
     * an underrun.
     *
     * @return samples of real audio in {@code dst} (the rest is silence)
     */
    public synchronized int read(short[] dst, int n) {
        if (!playing && size >= Math.max(target, 1)) {
            playing = true;
        }
        int real = 0;
        if (playing) {
            real = Math.min(n, size);
            int first = Math.min(real, ring.length - head);
            System.arraycopy(ring, head, dst, 0, first);
            System.arraycopy(ring, 0, dst, first, real - first);
            head = (head + real) % ring.length;
            size -= real;
            if (real < n) {
                playing = false;
                underruns++;
            }
        }
        java.util.Arrays.fill(dst, real, n, (short) 0);
        return real;
    }

    /** Samples waiting (all channels). */
    public synchronized int buffered() {
        return size;
    }

    public synchronized long bufferedMillis() {
        return format.millis(size);
    }

    /** Times playback ran dry after it had started. */
    public synchronized long underruns() {
        return underruns;
    }

    /** Samples thrown away to keep the buffer bounded. */
    public synchronized long droppedSamples() {
        return dropped;
    }

    public synchronized void clear() {
        head = 0;
        size = 0;
        playing = false;
    }
}
