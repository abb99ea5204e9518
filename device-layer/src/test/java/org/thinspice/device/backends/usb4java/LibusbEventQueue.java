package org.thinspice.device.backends.usb4java;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * libusb's event delivery as the test stand-ins for libusb model it: completions and hotplug events are
 * queued from any thread and run only inside {@link #handle}, on the thread that calls it (the backend's
 * events thread), as libusb runs them inside {@code libusb_handle_events}.
 */
public final class LibusbEventQueue {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    public void add(Runnable event) {
        queue.add(event);
    }

    /** Runs every queued event, waiting up to {@code timeoutMs} for the first; returns a libusb code. */
    public int handle(long timeoutMs) {
        try {
            Runnable r = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
            while (r != null) {
                r.run();
                r = queue.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -10; // LIBUSB_ERROR_INTERRUPTED
        }
        return LibUsbCalls.SUCCESS;
    }
}
