package org.thinspice.device.backends.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A SCSI direct-access disk (SPC/SBC subset) with the commands a Linux guest sends to a USB stick:
 * INQUIRY, TEST UNIT READY, REQUEST SENSE, READ CAPACITY 10/16, READ/WRITE 10/16, MODE SENSE 6/10,
 * PREVENT ALLOW MEDIUM REMOVAL, SYNCHRONIZE CACHE 10/16, START STOP UNIT. Anything else fails with
 * ILLEGAL REQUEST sense, as a real disk does. Sans-I/O: a command becomes a {@link Plan}; the block
 * data moves through {@link #read} and {@link #write}.
 */
public final class ScsiDisk {
    static final int SENSE_NO_SENSE = 0x0;
    static final int SENSE_NOT_READY = 0x2;
    static final int SENSE_MEDIUM_ERROR = 0x3;
    static final int SENSE_ILLEGAL_REQUEST = 0x5;
    static final int SENSE_DATA_PROTECT = 0x7;
    static final int ASC_INVALID_OPCODE = 0x20;
    static final int ASC_LBA_OUT_OF_RANGE = 0x21;
    static final int ASC_INVALID_FIELD = 0x24;
    static final int ASC_WRITE_PROTECTED = 0x27;

    /** What a command needs from the transport. */
    public record Plan(Kind kind, byte[] data, long position, long bytes) {
        public enum Kind { NO_DATA, DATA_IN, READ, WRITE, FAILED }

        static Plan none() {
            return new Plan(Kind.NO_DATA, null, 0, 0);
        }

        static Plan in(byte[] data) {
            return new Plan(Kind.DATA_IN, data, 0, data.length);
        }
    }

    private final BlockStore store;
    private final String vendor;
    private final String product;
    private int senseKey;
    private int asc;

    public ScsiDisk(BlockStore store, String vendor, String product) {
        this.store = store;
        this.vendor = vendor;
        this.product = product;
    }

    public BlockStore store() {
        return store;
    }

    /** Decides what {@code cdb} needs; failures set the sense data that REQUEST SENSE returns. */
    public Plan execute(byte[] cdb) {
        int op = cdb[0] & 0xFF;
        if (op != 0x03) {
            sense(SENSE_NO_SENSE, 0);
        }
        ByteBuffer c = ByteBuffer.wrap(cdb);
        return switch (op) {
            case 0x00, 0x1E, 0x1B -> Plan.none(); // TEST UNIT READY, PREVENT ALLOW MEDIUM REMOVAL, START STOP UNIT
            case 0x03 -> requestSense(cdb[4] & 0xFF);
            case 0x12 -> inquiry(cdb);
            case 0x1A -> modeSense(4, cdb[4] & 0xFF);
            case 0x5A -> modeSense(8, c.getShort(7) & 0xFFFF);
            case 0x25 -> readCapacity10();
            case 0x9E -> (cdb[1] & 0x1F) == 0x10 ? readCapacity16(c.getInt(10)) : fail(SENSE_ILLEGAL_REQUEST,
                    ASC_INVALID_OPCODE);
            case 0x28 -> transfer(false, c.getInt(2) & 0xFFFFFFFFL, c.getShort(7) & 0xFFFF);
            case 0x88 -> transfer(false, c.getLong(2), c.getInt(10) & 0xFFFFFFFFL);
            case 0x2A -> transfer(true, c.getInt(2) & 0xFFFFFFFFL, c.getShort(7) & 0xFFFF);
            case 0x8A -> transfer(true, c.getLong(2), c.getInt(10) & 0xFFFFFFFFL);
            case 0x35, 0x91 -> synchronizeCache();
            default -> fail(SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE);
        };
    }

    /** Reads {@code len} bytes of a READ plan at byte position {@code pos}. */
    public void read(long pos, byte[] dst, int off, int len) throws IOException {
        store.read(pos, dst, off, len);
    }

    public void write(long pos, byte[] src, int off, int len) throws IOException {
        store.write(pos, src, off, len);
    }

    /** Records a medium error found while moving data (the CSW then reports failure). */
    public void mediumError() {
        sense(SENSE_MEDIUM_ERROR, 0x11);
    }

    private Plan transfer(boolean write, long lba, long count) {
        if (lba < 0 || count > store.blocks() || lba > store.blocks() - count) {
            return fail(SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
        }
        if (write && store.readOnly()) {
            return fail(SENSE_DATA_PROTECT, ASC_WRITE_PROTECTED);
        }
        return new Plan(write ? Plan.Kind.WRITE : Plan.Kind.READ, null, lba * BlockStore.BLOCK_SIZE,
                count * BlockStore.BLOCK_SIZE);
    }

    private Plan synchronizeCache() {
        try {
            store.flush();
            return Plan.none();
        } catch (IOException e) {
            return fail(SENSE_MEDIUM_ERROR, 0x0C);
        }
    }

    private Plan inquiry(byte[] cdb) {
        if ((cdb[1] & 0x01) != 0) {
            return fail(SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD); // no VPD pages
        }
        byte[] d = new byte[36];
        d[1] = (byte) 0x80; // removable
        d[2] = 0x04; // SPC-2
        d[3] = 0x02;
        d[4] = 31;
        ascii(d, 8, 8, vendor);
        ascii(d, 16, 16, product);
        ascii(d, 32, 4, "1.00");
        return Plan.in(cut(d, cdb[4] & 0xFF | (cdb[3] & 0xFF) << 8));
    }

    private Plan requestSense(int alloc) {
        byte[] d = new byte[18];
        d[0] = 0x70;
        d[2] = (byte) senseKey;
        d[7] = 10;
        d[12] = (byte) asc;
        sense(SENSE_NO_SENSE, 0);
        return Plan.in(cut(d, alloc));
    }

    /** Header only, no pages: Linux then assumes a write-through cache, which is what this disk is. */
    private Plan modeSense(int headerLength, int alloc) {
        byte[] d = new byte[headerLength];
        int wp = store.readOnly() ? 0x80 : 0;
        if (headerLength == 4) {
            d[0] = 3;
            d[2] = (byte) wp;
        } else {
            d[1] = 6;
            d[3] = (byte) wp;
        }
        return Plan.in(cut(d, alloc));
    }

    private Plan readCapacity10() {
        long last = store.blocks() - 1;
        return Plan.in(ByteBuffer.allocate(8).putInt((int) Math.min(last, 0xFFFFFFFFL)).putInt(BlockStore.BLOCK_SIZE)
                .array());
    }

    private Plan readCapacity16(int alloc) {
        byte[] d = ByteBuffer.allocate(32).putLong(store.blocks() - 1).putInt(BlockStore.BLOCK_SIZE).array();
        return Plan.in(cut(d, alloc));
    }

    private Plan fail(int key, int code) {
        sense(key, code);
        return new Plan(Plan.Kind.FAILED, null, 0, 0);
    }

    private void sense(int key, int code) {
        senseKey = key;
        asc = code;
    }

    private static byte[] cut(byte[] d, int alloc) {
        return alloc >= d.length ? d : java.util.Arrays.copyOf(d, Math.max(0, alloc));
    }

    private static void ascii(byte[] d, int at, int width, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < width; i++) {
            d[at + i] = i < b.length ? b[i] : (byte) ' ';
        }
    }
}
