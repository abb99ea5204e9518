package org.thinspice.device.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.usbredir.UsbredirOutput;
import org.thinspice.engine.usbredir.UsbredirStream;

/** Passes a usbredir channel through and keeps the first bytes the guest sent, written out at close. */
final class CapturingStream implements UsbredirStream {
    private final UsbredirStream inner;
    private final Path file;
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    CapturingStream(UsbredirStream inner, Path file, int max) {
        this.inner = inner;
        this.file = file;
        this.max = max;
    }

    @Override
    public void onOpened(UsbredirOutput out) {
        inner.onOpened(out);
    }

    @Override
    public void onData(byte[] data, int offset, int length) throws SpiceException {
        synchronized (kept) {
            kept.write(data, offset, Math.min(length, Math.max(0, max - kept.size())));
        }
        inner.onData(data, offset, length);
    }

    @Override
    public void onClosed() {
        inner.onClosed();
        try {
            synchronized (kept) {
                Files.write(file, kept.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
