package org.thinspice.device.backends.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

/**
 * A simulated high-speed USB stick: mass-storage class, SCSI transparent command set, bulk-only
 * transport (USB MSC BOT 1.0) over bulk IN 0x81 and bulk OUT 0x02, one LUN backed by a
 * {@link BlockStore}. The BOT state machine: a 31-byte CBW on OUT, then the data stage (IN from the
 * disk, OUT into it), then a 13-byte CSW on IN. An IN request that arrives before there is anything to
 * send waits, as a real device NAKs.
 */
public final class MassStorageStick extends SimulatedDevice {
    /** pid.codes' open-source vendor id with a test product id: not a real product. */
    public static final int VENDOR_ID = 0x1209;
    public static final int PRODUCT_ID = 0x0001;
    static final int EP_IN = 0x81;
    static final int EP_OUT = 0x02;
    static final int CBW_SIGNATURE = 0x43425355;
    static final int CSW_SIGNATURE = 0x53425355;
    static final int CSW_GOOD = 0;
    static final int CSW_FAILED = 1;

    private enum Stage { COMMAND, DATA_IN, DATA_OUT, STATUS }

    private final ScsiDisk disk;
    private final ArrayDeque<Pending> waitingIn = new ArrayDeque<>();
    private Stage stage = Stage.COMMAND;
    private int tag;
    private long expected;
    private long moved;
    private ScsiDisk.Plan plan;
    private int cswStatus;
    private long bytesRead;
    private long bytesWritten;

    private record Pending(UsbTransfer transfer, TransferDone done) {
    }

    public MassStorageStick(BlockStore store, String serial) {
        super(new UsbDeviceInfo(2, 0, 0, 0, VENDOR_ID, PRODUCT_ID, 0x0100, "Simulated USB stick",
                List.of(new UsbDeviceInfo.Interface(0, 0x08, 0x06, 0x50)),
                List.of(new UsbDeviceInfo.Endpoint(EP_IN, 2, 0, 0, 512),
                        new UsbDeviceInfo.Endpoint(EP_OUT, 2, 0, 0, 512))), "thinspice", serial);
        this.disk = new ScsiDisk(store, "thinspic", "Simulated Stick");
    }

    /** A stick backed by an image file (its size a whole number of 512-byte blocks). */
    public static MassStorageStick ofImage(Path image, boolean readOnly) throws IOException {
        return new MassStorageStick(FileBlockStore.open(image, readOnly), "TS" + String.format("%010X",
                image.toAbsolutePath().toString().hashCode() & 0xFFFFFFFFL));
    }

    public BlockStore store() {
        return disk.store();
    }

    /** Block bytes moved to the guest / from the guest so far. */
    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    protected void onReset() {
        stage = Stage.COMMAND;
        waitingIn.clear();
    }

    @Override
    protected byte[] classRequest(UsbTransfer t) {
        if (t.requestType() == 0xA1 && t.request() == 0xFE) {
            return new byte[] {0}; // GET MAX LUN: one LUN
        }
        if (t.requestType() == 0x21 && t.request() == 0xFF) {
            stage = Stage.COMMAND; // bulk-only mass storage reset
            return new byte[0];
        }
        return null;
    }

    @Override
    public void cancel(long transferId) {
        waitingIn.removeIf(p -> p.transfer().id() == transferId);
    }

    @Override
    protected void endpoint(UsbTransfer t, TransferDone done) {
        if (t.kind() != UsbTransfer.Kind.BULK) {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        } else if (t.endpoint() == EP_OUT) {
            out(t, done);
        } else if (t.endpoint() == EP_IN) {
            waitingIn.add(new Pending(t, done));
            serveIn();
        } else {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        }
    }

    private void out(UsbTransfer t, TransferDone done) {
        if (stage == Stage.COMMAND) {
            if (!command(t.data())) {
                // An invalid CBW: stall both pipes until the guest resets the device (BOT 6.6.1).
                halt(EP_IN);
                halt(EP_OUT);
                done.completed(t, UsbStatus.STALL, 0, new byte[0]);
                return;
            }
            done.completed(t, UsbStatus.SUCCESS, t.data().length, new byte[0]);
        } else if (stage == Stage.DATA_OUT) {
            int n = (int) Math.min(t.data().length, expected - moved);
            if (plan.kind() == ScsiDisk.Plan.Kind.WRITE && cswStatus == CSW_GOOD) {
                try {
                    disk.write(plan.position() + moved, t.data(), 0, n);
                    bytesWritten += n;
                } catch (IOException e) {
                    disk.mediumError();
                    cswStatus = CSW_FAILED;
                }
            }
            moved += n;
            if (moved == expected) {
                stage = Stage.STATUS;
            }
            done.completed(t, UsbStatus.SUCCESS, t.data().length, new byte[0]);
        } else {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        }
        serveIn();
    }

    /** Parses a CBW and sets up the data stage; false for an invalid one. */
    private boolean command(byte[] cbw) {
        if (cbw.length != 31) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(cbw).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != CBW_SIGNATURE) {
            return false;
        }
        tag = b.getInt(4);
        expected = b.getInt(8) & 0xFFFFFFFFL;
        boolean in = (cbw[12] & 0x80) != 0;
        int cbLength = cbw[14] & 0x1F;
        if (cbLength < 1 || cbLength > 16) {
            return false;
        }
        byte[] cdb = new byte[16];
        System.arraycopy(cbw, 15, cdb, 0, cbLength);
        plan = disk.execute(cdb);
        moved = 0;
        cswStatus = plan.kind() == ScsiDisk.Plan.Kind.FAILED ? CSW_FAILED : CSW_GOOD;
        boolean planIn = plan.kind() == ScsiDisk.Plan.Kind.DATA_IN || plan.kind() == ScsiDisk.Plan.Kind.READ;
        boolean planOut = plan.kind() == ScsiDisk.Plan.Kind.WRITE;
        if ((planIn && !in) || (planOut && in)) {
            cswStatus = CSW_FAILED; // direction disagrees with the command: move nothing, report failure
            plan = new ScsiDisk.Plan(ScsiDisk.Plan.Kind.FAILED, null, 0, 0);
        }
        if (expected == 0) {
            stage = Stage.STATUS;
        } else {
            stage = in ? Stage.DATA_IN : Stage.DATA_OUT;
        }
        return true;
    }

    /** Answers waiting IN requests while there is something to send. */
    private void serveIn() {
        while (!waitingIn.isEmpty() && (stage == Stage.DATA_IN || stage == Stage.STATUS)) {
            Pending p = waitingIn.poll();
            if (stage == Stage.STATUS) {
                p.done().completed(p.transfer(), UsbStatus.SUCCESS, 13, csw());
                stage = Stage.COMMAND;
            } else {
                dataIn(p);
            }
        }
    }

    private void dataIn(Pending p) {
        long available = switch (plan.kind()) {
            case DATA_IN, READ -> Math.min(plan.bytes(), expected);
            default -> 0;
        };
        int n = (int) Math.min(p.transfer().length(), available - moved);
        byte[] d = new byte[Math.max(0, n)];
        if (n > 0) {
            if (plan.kind() == ScsiDisk.Plan.Kind.DATA_IN) {
                System.arraycopy(plan.data(), (int) moved, d, 0, n);
            } else {
                try {
                    disk.read(plan.position() + moved, d, 0, n);
                    bytesRead += n;
                } catch (IOException e) {
                    disk.mediumError();
                    cswStatus = CSW_FAILED;
                }
            }
            moved += n;
        }
        // A short packet (or the end of what the command has) ends the data stage.
        if (moved >= available || n < p.transfer().length()) {
            stage = Stage.STATUS;
        }
        p.done().completed(p.transfer(), UsbStatus.SUCCESS, d.length, d);
    }

    private byte[] csw() {
        long residue = Math.max(0, expected - moved);
        return ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN).putInt(CSW_SIGNATURE).putInt(tag)
                .putInt((int) residue).put((byte) cswStatus).array();
    }

    @Override
    public void close() {
        super.close();
        waitingIn.clear();
    }
}
