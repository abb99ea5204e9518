package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session-wide GLZ dictionary window: decoded GLZ images by their 64-bit image id, which later GLZ
 * images reference. The server keeps one dictionary per client shared by all display channels, so one
 * window serves every display channel of a session and is thread-safe.
 *
 * <p>Images arrive in id order per channel but not across channels, so a reference may name an image
 * still queued on another channel; {@link GlzDecoder} then waits up to {@code referenceWait} for it.
 * Callers that must not block (several channels on one event-loop thread) check {@link #isReadyFor}
 * with {@link GlzDecoder#imageId} first and defer the image until it is true.
 *
 * <p>Release follows spice-gtk's "tail gap" rule: once ids 0..k are all present, images older than
 * {@code k - win_head_dist(k)} can no longer be referenced and are dropped. Independently, the pixels
 * retained never exceed {@code maxPixels} by more than the newest image: the oldest go first. The server
 * never references more than the window size the client advertised in DISPLAY INIT, so twice that value
 * leaves room for images held back by a gap; a reference to an image dropped for the cap fails.
 */
public final class GlzWindow {
    private final long maxPixels;
    private final long referenceWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final TreeMap<Long, GlzImage> images = new TreeMap<>();
    /** Callbacks of {@link #whenReadyFor}, by the image id they wait for. */
    private final TreeMap<Long, java.util.List<Runnable>> waiters = new TreeMap<>();
    /** Ids below this are gone for good. */
    private long oldest;
    /** The lowest id not yet added: every id below it has arrived (or was released). */
    private long tailGap;
    private long retainedPixels;
    /** Bumped by {@link #clear}, so waiters from before a reset fail instead of matching a new image. */
    private long generation;

    /**
     * @param maxPixels     cap on retained pixels, e.g. twice the advertised GLZ window; at least one image
     * @param referenceWait how long a reference to a not-yet-decoded image waits; zero fails at once
     */
    public GlzWindow(long maxPixels, Duration referenceWait) {
        if (maxPixels < 1 || maxPixels > 4L * Limits.MAX_PIXELS) {
            throw new IllegalArgumentException("GLZ window cap " + maxPixels + " outside 1.." + 4L * Limits.MAX_PIXELS);
        }
        if (referenceWait.isNegative()) {
            throw new IllegalArgumentException("negative reference wait");
        }
        this.maxPixels = maxPixels;
        this.referenceWaitNanos = referenceWait.toNanos();
    }

    /** Drops every image and restarts ids at 0 (display RESET, new dictionary); waiters fail. */
    public void clear() {
        lock.lock();
        try {
            images.clear();
            oldest = 0;
            tailGap = 0;
            retainedPixels = 0;
            generation++;
            added.signalAll();
        } finally {
            lock.unlock();
        }
        runReady(Long.MAX_VALUE);
    }

    /**
     * Runs {@code callback} once {@link #isReadyFor}{@code (imageId)} holds (at once, on this thread, if it
     * already does; otherwise on the thread that adds the missing image), or when the window is cleared.
     * The non-blocking path: a channel defers an image until then instead of waiting.
     */
    public void whenReadyFor(long imageId, Runnable callback) {
        lock.lock();
        try {
            if (tailGap < imageId) {
                waiters.computeIfAbsent(imageId, k -> new java.util.ArrayList<>()).add(callback);
                return;
            }
        } finally {
            lock.unlock();
        }
        callback.run();
    }

    /** Runs, outside the lock, the waiters for ids up to {@code upTo}. */
    private void runReady(long upTo) {
        java.util.List<Runnable> ready = new java.util.ArrayList<>();
        lock.lock();
        try {
            Map<Long, java.util.List<Runnable>> due = waiters.headMap(upTo, true);
            due.values().forEach(ready::addAll);
            due.clear();
        } finally {
            lock.unlock();
        }
        ready.forEach(Runnable::run);
    }

    /**
     * True when every image that the image {@code imageId} could reference is here or released, so decoding
     * it will not wait: all ids below it have been added.
     */
    public boolean isReadyFor(long imageId) {
        lock.lock();
        try {
            return tailGap >= imageId;
        } finally {
            lock.unlock();
        }
    }

    public boolean contains(long imageId) {
        lock.lock();
        try {
            return images.containsKey(imageId);
        } finally {
            lock.unlock();
        }
    }

    public int imageCount() {
        lock.lock();
        try {
            return images.size();
        } finally {
            lock.unlock();
        }
    }

    public long retainedPixels() {
        lock.lock();
        try {
            return retainedPixels;
        } finally {
            lock.unlock();
        }
    }

    public long maxPixels() {
        return maxPixels;
    }

    long referenceWaitNanos() {
        return referenceWaitNanos;
    }

    /**
     * The image {@code id}, waiting up to {@code timeoutNanos} if it has not arrived yet. Fails at once if
     * it was released, and on timeout, interrupt or {@link #clear}.
     */
    GlzImage awaitImage(long id, long timeoutNanos) throws SpiceImageException {
        lock.lock();
        try {
            long gen = generation;
            long left = timeoutNanos;
            while (true) {
                GlzImage img = images.get(id);
                if (img != null) {
                    return img;
                }
                if (gen != generation) {
                    throw new SpiceImageException("GLZ window cleared while waiting for image " + id);
                }
                if (id < oldest) {
                    throw new SpiceImageException("GLZ image " + id + " referenced after it left the window");
                }
                if (left <= 0) {
                    throw new SpiceImageException("GLZ image " + id + " referenced but not received within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                try {
                    left = added.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SpiceImageException("interrupted waiting for GLZ image " + id, e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds a decoded image, then releases what the tail-gap rule and the pixel cap allow. */
    void add(GlzImage img) {
        long readyUpTo;
        lock.lock();
        try {
            if (img.id < oldest) {
                return; // older than anything still referenceable: spice-gtk drops it too
            }
            GlzImage previous = images.put(img.id, img);
            if (previous != null) {
                retainedPixels -= previous.pixels.length;
            }
            retainedPixels += img.pixels.length;
            closeGap();
            if (tailGap > 0) {
                GlzImage newest = images.get(tailGap - 1);
                if (newest != null) {
                    releaseBelow(newest.id - newest.winHeadDist);
                }
            }
            while (retainedPixels > maxPixels && images.firstKey() != img.id) {
                releaseBelow(images.firstKey() + 1);
            }
            added.signalAll();
            readyUpTo = tailGap;
        } finally {
            lock.unlock();
        }
        runReady(readyUpTo);
    }

    private void closeGap() {
        if (tailGap < oldest) {
            tailGap = oldest;
        }
        while (images.containsKey(tailGap)) {
            tailGap++;
        }
    }

    private void releaseBelow(long floor) {
        if (floor <= oldest) {
            return;
        }
        Map<Long, GlzImage> gone = images.headMap(floor);
        for (GlzImage g : gone.values()) {
            retainedPixels -= g.pixels.length;
        }
        gone.clear();
        oldest = floor;
        closeGap();
    }
}
