package org.thinspice.device.backends.sim;

/** A disk in memory (tests, demos); at most 1 GiB. */
public final class RamBlockStore implements BlockStore {
    private final byte[] data;

    public RamBlockStore(int blocks) {
        if (blocks <= 0 || blocks > (1 << 21)) {
            throw new IllegalArgumentException("RAM disk of " + blocks + " blocks (1.." + (1 << 21) + ")");
        }
        data = new byte[blocks * BLOCK_SIZE];
    }

    @Override
    public long blocks() {
        return data.length / BLOCK_SIZE;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) {
        System.arraycopy(data, (int) pos, dst, off, len);
    }

    @Override
    public void write(long pos, byte[] src, int off, int len) {
        System.arraycopy(src, off, data, (int) pos, len);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
