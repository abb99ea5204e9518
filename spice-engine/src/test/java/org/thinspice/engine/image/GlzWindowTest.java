package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlzWindowTest {
    private static GlzImage image(long id, long winHeadDist, int pixels) {
        return new GlzImage(id, winHeadDist, new int[pixels], true);
    }

    private static byte[] oneFromPrevious(long id) {
        return LzTestStreams.glz(LzFormat.RGB32, true, 1, 1, id, 1).glzRef(1, 0, 1, 0, false).bytes();
    }

    @Test
    void contiguousImagesReleaseEverythingBelowTheNewestsWindowHead() {
        GlzWindow w = new GlzWindow(1000, Duration.ZERO);
        for (int id = 0; id < 5; id++) {
            w.add(image(id, Math.min(id, 2), 10));
        }
        // newest contiguous image is 4 with head distance 2: ids 0 and 1 can no longer be referenced
        assertFalse(w.contains(1));
        assertTrue(w.contains(2) && w.contains(3) && w.contains(4));
        assertEquals(30, w.retainedPixels());
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> w.awaitImage(1, 0));
        assertTrue(e.getMessage().contains("left the window"), e.getMessage());
    }

    @Test
    void aGapHoldsBackReleaseUntilItCloses() {
        GlzWindow w = new GlzWindow(1000, Duration.ZERO);
        w.add(image(0, 0, 10));
        w.add(image(1, 1, 10));
        w.add(image(3, 0, 10)); // image 2 is still on another channel; 3 claims it needs nothing older than itself
        assertTrue(w.contains(0) && w.contains(1), "release waits for the gap at 2");
        assertTrue(w.isReadyFor(2));
        assertFalse(w.isReadyFor(3));
        w.add(image(2, 1, 10));
        assertTrue(w.isReadyFor(4));
        assertFalse(w.contains(0) || w.contains(1) || w.contains(2), "released below 3 - 0");
        assertTrue(w.contains(3));
    }

    @Test
    void thePixelCapDropsTheOldestButNeverTheNewest() {
        GlzWindow w = new GlzWindow(25, Duration.ZERO);
        w.add(image(1, 1, 10)); // id 0 never arrives: the gap stays open
        w.add(image(2, 2, 10));
        assertEquals(20, w.retainedPixels());
        w.add(image(3, 3, 10));
        assertFalse(w.contains(1));
        assertEquals(20, w.retainedPixels());
        w.add(image(4, 4, 100)); // alone over the cap: kept
        assertTrue(w.contains(4));
        assertEquals(1, w.imageCount());
        assertEquals(100, w.retainedPixels());
        assertTrue(w.isReadyFor(5), "ids dropped for the cap count as gone, closing the gap");
    }

    @Test
    void imagesOlderThanTheReleasedRangeAreNotKept() {
        GlzWindow w = new GlzWindow(1000, Duration.ZERO);
        for (int id = 0; id < 4; id++) {
            w.add(image(id, 0, 1));
        }
        w.add(image(1, 0, 1));
        assertFalse(w.contains(1));
        assertEquals(1, w.imageCount());
    }

    @Test
    void aReferenceWaitsForAnImageDecodedOnAnotherThread() throws Exception {
        GlzWindow w = new GlzWindow(1000, Duration.ofSeconds(10));
        byte[] first = LzTestStreams.glz(LzFormat.RGB32, true, 1, 1, 0, 0).rgb(0xFF123456).bytes();
        byte[] second = oneFromPrevious(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<int[]> later = pool.submit(() -> GlzDecoder.decode(second, 0, second.length, 1, 1, w));
            Thread.sleep(50); // let it block on image 0; the result is right whether or not it did
            assertFalse(w.isReadyFor(1));
            GlzDecoder.decode(first, 0, first.length, 1, 1, w);
            assertArrayEquals(new int[] {0xFF123456}, later.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaitTimesOutWithATypedError() {
        GlzWindow w = new GlzWindow(1000, Duration.ofMillis(30));
        byte[] s = oneFromPrevious(1);
        long start = System.nanoTime();
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> GlzDecoder.decode(s, 0, s.length, 1, 1, w));
        assertTrue(e.getMessage().contains("not received within 30 ms"), e.getMessage());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void clearWakesWaitersWithAnErrorAndRestartsIds() throws Exception {
        GlzWindow w = new GlzWindow(1000, Duration.ofSeconds(30));
        w.add(image(0, 0, 1));
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                w.awaitImage(5, TimeUnit.SECONDS.toNanos(30));
                return null;
            } catch (SpiceImageException e) {
                return e;
            }
        });
        waiting.await();
        Throwable t = null;
        for (int i = 0; i < 200 && t == null; i++) { // clear until the waiter has noticed (it may not be parked yet)
            w.clear();
            try {
                t = waiter.get(20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // keep clearing
            }
        }
        assertTrue(t instanceof SpiceImageException && t.getMessage().contains("cleared"), String.valueOf(t));
        assertEquals(0, w.imageCount());
        assertTrue(w.isReadyFor(0));
        assertFalse(w.isReadyFor(1));
    }

    @Test
    void constructorRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new GlzWindow(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new GlzWindow(10, Duration.ofMillis(-1)));
    }

    @Test
    void whenReadyForCallsBackOnceEveryEarlierIdArrivedOrOnClear() {
        GlzWindow w = new GlzWindow(1000, Duration.ZERO);
        java.util.List<String> calls = new java.util.ArrayList<>();
        w.whenReadyFor(0, () -> calls.add("0 at once"));
        w.whenReadyFor(2, () -> calls.add("2"));
        w.whenReadyFor(3, () -> calls.add("3"));
        assertEquals(java.util.List.of("0 at once"), calls);
        w.add(image(1, 0, 1));
        assertEquals(1, calls.size(), "id 0 still missing");
        w.add(image(0, 0, 1));
        assertEquals(java.util.List.of("0 at once", "2"), calls, "ids 0 and 1 present: 2 may decode, 3 not yet");
        w.clear();
        assertEquals(java.util.List.of("0 at once", "2", "3"), calls, "a clear releases every waiter");
    }
}
