package org.thinspice.device.backends.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A disk image file; its size must be a whole number of blocks. */
public final class FileBlockStore implements BlockStore {
    private final FileChannel file;
    private final long blocks;
    private final boolean readOnly;

    private FileBlockStore(FileChannel file, long blocks, boolean readOnly) {
        this.file = file;
        this.blocks = blocks;
        this.readOnly = readOnly;
    }

    public static FileBlockStore open(Path image, boolean readOnly) throws IOException {
        FileChannel f = readOnly ? FileChannel.open(image, StandardOpenOption.READ)
                : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = f.size();
        if (size == 0 || size % BLOCK_SIZE != 0) {
            f.close();
            throw new IOException("disk image " + image + " is " + size + " bytes, not a whole number of "
                    + BLOCK_SIZE + "-byte blocks");
        }
        return new FileBlockStore(f, size / BLOCK_SIZE, readOnly);
    }

    @Override
    public long blocks() {
        return blocks;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        while (b.hasRemaining()) {
            if (file.read(b, pos + (b.position() - off)) < 0) {
                throw new IOException("disk image ended at " + (pos + b.position() - off));
            }
        }
    }

    @Override
    public void write(long pos, byte[] src, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(src, off, len);
        while (b.hasRemaining()) {
            file.write(b, pos + (b.position() - off));
        }
    }

    @Override
    public void flush() throws IOException {
        file.force(false);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
