package org.thinspice.testbed;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The tiny guest's block devices as its own kernel sees them, through {@code /tbblk} on the serial
 * console: the oracle for redirected USB storage. Offsets and sizes are 512-byte blocks; reads and
 * writes use O_DIRECT, so the answers come from the device, not the guest's cache.
 */
public final class GuestBlocks {
    /** One SCSI disk: name (sda), size in 512-byte blocks, INQUIRY vendor and model. */
    public record Disk(String name, long blocks, String vendor, String model) {
    }

    private final GuestConsole console;

    public GuestBlocks(GuestConsole console) {
        this.console = console;
    }

    public List<Disk> list() throws IOException, TimeoutException {
        List<Disk> disks = new ArrayList<>();
        for (String line : lines(console.run("/tbblk list", Duration.ofSeconds(30)))) {
            String[] f = line.split(" ");
            if (f.length >= 4 && f[1].equals("disk")) {
                disks.add(new Disk(f[2], Long.parseLong(f[3]), f.length > 4 ? f[4] : "", f.length > 5 ? f[5] : ""));
            }
        }
        return disks;
    }

    /** Waits (in the guest) until {@code /dev/NAME} exists; false when it did not appear in time. */
    public boolean awaitPresent(String name, Duration timeout) throws IOException, TimeoutException {
        return console.run("/tbblk wait " + name + " " + timeout.toSeconds(), timeout.plusSeconds(30))
                .contains("TB-BLK present " + name);
    }

    /** Waits (in the guest) until the disk NAME is gone; false when it is still there after the timeout. */
    public boolean awaitGone(String name, Duration timeout) throws IOException, TimeoutException {
        return console.run("/tbblk gone " + name + " " + timeout.toSeconds(), timeout.plusSeconds(30))
                .contains("TB-BLK gone " + name);
    }

    /** SHA-256 (hex) of {@code count} blocks from block {@code skip}, as the guest reads them. */
    public String sha256(String dev, long skip, long count, Duration timeout) throws IOException, TimeoutException {
        return result(console.run("/tbblk sum " + dev + " " + skip + " " + count, timeout), "sum");
    }

    /** Writes {@code count} random blocks at block {@code seek}; returns the SHA-256 of what the guest wrote. */
    public String fillRandom(String dev, long seek, long count, Duration timeout) throws IOException, TimeoutException {
        return result(console.run("/tbblk fill " + dev + " " + seek + " " + count, timeout), "fill");
    }

    /**
     * SHA-256 (hex) of the file {@code name} in the root folder of {@code dev}'s FAT file system, as the guest
     * reads it after mounting it read-only (vfat); unmounted again afterwards.
     */
    public String fileSha256(String dev, String name, Duration timeout) throws IOException, TimeoutException {
        return result(console.run("/tbblk file " + dev + " " + name, timeout), "file");
    }

    private static String result(String out, String kind) throws IOException {
        for (String line : lines(out)) {
            String[] f = line.split(" ");
            if (f.length == 6 && f[1].equals(kind) && f[5].matches("[0-9a-f]{64}")) {
                return f[5];
            }
        }
        throw new IOException("tbblk " + kind + " gave no checksum; it printed:\n" + out);
    }

    private static List<String> lines(String out) {
        return out.lines().filter(l -> l.startsWith("TB-BLK ")).toList();
    }
}
