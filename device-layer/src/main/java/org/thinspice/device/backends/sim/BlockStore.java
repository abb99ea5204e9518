package org.thinspice.device.backends.sim;

import java.io.IOException;

/** The medium behind a simulated disk: a whole number of 512-byte blocks. */
public interface BlockStore extends AutoCloseable {
    int BLOCK_SIZE = 512;

    long blocks();

    boolean readOnly();

    /** Reads {@code len} bytes at byte offset {@code pos} into {@code dst[off…]}. */
    void read(long pos, byte[] dst, int off, int len) throws IOException;

    void write(long pos, byte[] src, int off, int len) throws IOException;

    /** Makes written data durable (SYNCHRONIZE CACHE). */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
