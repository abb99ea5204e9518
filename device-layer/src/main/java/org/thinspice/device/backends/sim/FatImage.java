package org.thinspice.device.backends.sim;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a FAT16 file system image without a partition table (a "superfloppy", as many sticks come),
 * with a volume label and a few files in the root folder: the demo's and the tests' stick content.
 * Layout after Microsoft's FAT specification: one reserved sector, two FATs, 512 root entries, clusters
 * sized so the cluster count stays in FAT16's range (4085–65524). Files are contiguous.
 */
public final class FatImage {
    static final int SECTOR = 512;
    static final int ROOT_ENTRIES = 512;
    static final int MIN_CLUSTERS = 4085;
    static final int MAX_CLUSTERS = 65524;
    /** Smallest and largest image this writer makes (FAT16's cluster range at 1 to 64 sectors per cluster). */
    public static final long MIN_BYTES = 4L << 20;
    public static final long MAX_BYTES = 2L << 30;

    private FatImage() {
    }

    /** Geometry of one image: sectors per cluster and per FAT, and where each region starts. */
    record Layout(long sectors, int sectorsPerCluster, int fatSectors) {
        int rootSectors() {
            return ROOT_ENTRIES * 32 / SECTOR;
        }

        long rootStart() {
            return 1 + 2L * fatSectors;
        }

        long dataStart() {
            return rootStart() + rootSectors();
        }

        long clusters() {
            return (sectors - dataStart()) / sectorsPerCluster;
        }

        static Layout of(long bytes) {
            long sectors = bytes / SECTOR;
            for (int spc = 1; spc <= 64; spc *= 2) {
                int fat = 1;
                while (true) {
                    Layout l = new Layout(sectors, spc, fat);
                    long need = ((l.clusters() + 2) * 2 + SECTOR - 1) / SECTOR;
                    if (need <= fat) {
                        if (l.clusters() >= MIN_CLUSTERS && l.clusters() <= MAX_CLUSTERS) {
                            return l;
                        }
                        break;
                    }
                    fat = (int) need;
                }
            }
            throw new IllegalArgumentException("no FAT16 layout for " + bytes + " bytes");
        }
    }

    /**
     * Writes {@code image} ({@code bytes} long, a whole number of 512-byte sectors between 4 MiB and
     * 2 GiB) holding {@code files} (8.3 names, upper case) in the root folder, in the given order.
     */
    public static void write(Path image, long bytes, String label, Map<String, byte[]> files) throws IOException {
        if (bytes % SECTOR != 0 || bytes < MIN_BYTES || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("a FAT16 image is a whole number of 512-byte sectors from 4 MiB to 2 GiB, not "
                    + bytes + " bytes");
        }
        if (files.size() > ROOT_ENTRIES - 1) {
            throw new IllegalArgumentException("at most " + (ROOT_ENTRIES - 1) + " files in the root folder");
        }
        Layout l = Layout.of(bytes);
        long clusterBytes = (long) l.sectorsPerCluster() * SECTOR;
        long needed = 0;
        for (byte[] f : files.values()) {
            needed += (f.length + clusterBytes - 1) / clusterBytes;
        }
        if (needed > l.clusters()) {
            throw new IllegalArgumentException("the files need " + needed + " clusters; the image has " + l.clusters());
        }
        ByteBuffer fat = ByteBuffer.allocate(l.fatSectors() * SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        fat.putShort(0, (short) 0xFFF8).putShort(2, (short) 0xFFFF);
        ByteBuffer root = ByteBuffer.allocate(l.rootSectors() * SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        root.put(entryName(label, true)).put((byte) 0x08);
        root.position(32);
        int cluster = 2;
        try (RandomAccessFile out = new RandomAccessFile(image.toFile(), "rw")) {
            out.setLength(0);
            out.setLength(bytes);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                byte[] data = e.getValue();
                int count = (int) ((data.length + clusterBytes - 1) / clusterBytes);
                int first = count == 0 ? 0 : cluster;
                for (int i = 0; i < count; i++, cluster++) {
                    fat.putShort(cluster * 2, (short) (i == count - 1 ? 0xFFFF : cluster + 1));
                }
                if (count > 0) {
                    out.seek((l.dataStart() + (long) (first - 2) * l.sectorsPerCluster()) * SECTOR);
                    out.write(data);
                }
                int at = root.position();
                root.put(entryName(e.getKey(), false)).put((byte) 0x20);
                // 2026-01-01 00:00 for creation, access and modification: a fixed date keeps images reproducible
                root.putShort(at + 14, (short) 0).putShort(at + 16, (short) DATE).putShort(at + 18, (short) DATE)
                        .putShort(at + 22, (short) 0).putShort(at + 24, (short) DATE)
                        .putShort(at + 26, (short) first).putInt(at + 28, data.length);
                root.position(at + 32);
            }
            out.seek(0);
            out.write(bootSector(l, label));
            for (int copy = 0; copy < 2; copy++) {
                out.seek((1 + (long) copy * l.fatSectors()) * SECTOR);
                out.write(fat.array());
            }
            out.seek(l.rootStart() * SECTOR);
            out.write(root.array());
        }
    }

    private static final int DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

    private static byte[] bootSector(Layout l, String label) {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0xEB, 0x3C, (byte) 0x90}).put("THINSPCE".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) SECTOR).put((byte) l.sectorsPerCluster()).putShort((short) 1).put((byte) 2)
                .putShort((short) ROOT_ENTRIES);
        b.putShort((short) (l.sectors() < 65536 ? l.sectors() : 0)).put((byte) 0xF8).putShort((short) l.fatSectors());
        b.putShort((short) 32).putShort((short) 64).putInt(0).putInt(l.sectors() < 65536 ? 0 : (int) l.sectors());
        b.put((byte) 0x80).put((byte) 0).put((byte) 0x29).putInt(0x20261207);
        b.put(entryName(label, true)).put("FAT16   ".getBytes(StandardCharsets.US_ASCII));
        b.position(62);
        b.put(new byte[] {(byte) 0xF4, (byte) 0xEB, (byte) 0xFD}); // hlt; jmp $-1: not bootable, does not pretend to be
        b.put(510, (byte) 0x55).put(511, (byte) 0xAA);
        return b.array();
    }

    /** An 8.3 name as the 11 bytes of a directory entry (a label: 11 characters, no dot). */
    static byte[] entryName(String name, boolean label) {
        String base = name;
        String ext = "";
        int dot = name.lastIndexOf('.');
        if (!label && dot >= 0) {
            base = name.substring(0, dot);
            ext = name.substring(dot + 1);
        }
        if (!name.matches(label ? "[A-Z0-9 _-]{1,11}" : "[A-Z0-9_-]{1,8}(\\.[A-Z0-9_-]{1,3})?")
                || (label ? name.length() > 11 : base.length() > 8 || ext.length() > 3)) {
            throw new IllegalArgumentException((label ? "volume label" : "file name") + " is not a plain upper-case "
                    + (label ? "label of up to 11 characters" : "8.3 name") + ": " + name);
        }
        String padded = label ? String.format("%-11s", name) : String.format("%-8s%-3s", base, ext);
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code FatImage IMAGE MIB [NAME=FILE …]}: an image of MIB MiB with these files (the demo's stick). */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: FatImage IMAGE MIB [NAME=FILE …]");
            System.exit(2);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("FatImage: expected NAME=FILE, not " + args[i]);
                System.exit(2);
            }
            files.put(args[i].substring(0, eq), Files.readAllBytes(Path.of(args[i].substring(eq + 1))));
        }
        write(Path.of(args[0]), Long.parseLong(args[1]) << 20, "THINSPICE", files);
    }
}
