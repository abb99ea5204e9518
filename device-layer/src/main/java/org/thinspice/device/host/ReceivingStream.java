package org.thinspice.device.host;

import java.util.HashSet;
import java.util.Set;

import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbTransfer;

/**
 * One IN endpoint the host polls on its own (usbredir bulk receiving or an iso IN stream): it keeps
 * {@code depth} transfers of {@code transferLength} bytes submitted to the device and hands each
 * completion to {@link Completion}, which turns it into a packet with a host-numbered id. Transfers are
 * resubmitted in a loop, not from inside the completion, so a device that completes synchronously
 * (the simulated ones) cannot recurse. The host calls it under its own lock.
 */
final class ReceivingStream {
    /** Where completions go; returns false to stop the stream (an error the guest has been told about). */
    @FunctionalInterface
    interface Completion {
        boolean completed(ReceivingStream s, int status, int actual, byte[] data);
    }

    private final Object lock;
    private final UsbDevice device;
    private final UsbTransfer.Kind kind;
    private final int endpoint;
    private final long streamId;
    private final int transferLength;
    private final int depth;
    private final IdSource ids;
    private final Completion completion;
    private final Set<Long> inFlight = new HashSet<>();
    private long nextPacketId;
    private boolean active = true;
    private boolean pumping;

    /** Internal transfer ids: negative, so they never meet a guest's (QEMU numbers from 0 upwards). */
    static final class IdSource {
        private long next = Long.MIN_VALUE;

        long next() {
            return next++;
        }
    }

    /** @param lock the host's lock: completions from a backend's own thread are handled under it */
    ReceivingStream(Object lock, UsbDevice device, UsbTransfer.Kind kind, int endpoint, long streamId,
            int transferLength, int depth, IdSource ids, Completion completion) {
        this.lock = lock;
        this.device = device;
        this.kind = kind;
        this.endpoint = endpoint;
        this.streamId = streamId;
        this.transferLength = transferLength;
        this.depth = depth;
        this.ids = ids;
        this.completion = completion;
    }

    int endpoint() {
        return endpoint;
    }

    long streamId() {
        return streamId;
    }

    boolean active() {
        return active;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** The id for the next packet sent to the guest: 0, 1, 2 …, back to 0 after a stall. */
    long takePacketId(boolean stalled) {
        long id = nextPacketId;
        nextPacketId = stalled ? 0 : nextPacketId + 1;
        return id;
    }

    /** Submits transfers until {@code depth} are in flight. */
    void pump() {
        if (pumping) {
            return; // a completion inside submit: the loop below goes on submitting
        }
        pumping = true;
        try {
            while (active && inFlight.size() < depth) {
                long id = ids.next();
                inFlight.add(id);
                device.submit(new UsbTransfer(id, kind, endpoint, 0, 0, 0, 0, transferLength, new byte[0]),
                        (t, status, actual, data) -> {
                            synchronized (lock) {
                                done(t.id(), status, actual, data);
                            }
                        });
            }
        } finally {
            pumping = false;
        }
    }

    private void done(long id, int status, int actual, byte[] data) {
        if (!inFlight.remove(id) || !active) {
            return; // cancelled meanwhile
        }
        if (!completion.completed(this, status, actual, data)) {
            stop();
            return;
        }
        pump();
    }

    /** Cancels every transfer in flight; completions after this are ignored. */
    void stop() {
        active = false;
        for (Long id : inFlight) {
            device.cancel(id);
        }
        inFlight.clear();
    }
}
