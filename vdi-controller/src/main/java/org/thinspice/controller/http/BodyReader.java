package org.thinspice.controller.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread while it arrives: up to {@code max} bytes are kept;
 * past that the rest is read and dropped up to {@code drainBudget} bytes (so a client still sending
 * sees the 413 rather than a reset) and the body is reported too large.
 */
final class BodyReader {
    /** A body read in full, or one that was over the limit. */
    record Body(byte[] bytes, boolean tooLarge) {
    }

    private final Content.Source source;
    private final int max;
    private final long drainBudget;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private final ByteArrayOutputStream kept;
    private boolean tooLarge;
    private long dropped;

    private BodyReader(Content.Source source, int max, long drainBudget, long declaredLength) {
        this.source = source;
        this.max = max;
        this.drainBudget = drainBudget;
        this.kept = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 0), max));
    }

    /**
     * Starts reading {@code source}; the future completes with the body, or exceptionally with the
     * transport's failure. Completing it from outside (a timeout) stops the reading.
     */
    static CompletableFuture<Body> read(Content.Source source, int max, long drainBudget) {
        BodyReader r = new BodyReader(source, max, drainBudget, source.getLength());
        r.loop();
        return r.result;
    }

    private void loop() {
        while (!result.isDone()) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this::loop);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                result.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            int n = b.remaining();
            if (!tooLarge && kept.size() + n <= max) {
                byte[] copy = new byte[n];
                b.get(copy);
                kept.write(copy, 0, n);
            } else {
                tooLarge = true;
                dropped += n;
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (last || (tooLarge && dropped > drainBudget)) {
                result.complete(new Body(tooLarge ? new byte[0] : kept.toByteArray(), tooLarge));
                return;
            }
        }
    }
}
