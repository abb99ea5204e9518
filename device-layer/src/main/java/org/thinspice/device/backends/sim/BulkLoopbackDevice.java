package org.thinspice.device.backends.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.zip.CRC32;

import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

/**
 * A simulated vendor-class device that sends back what it receives: bytes written to bulk OUT 0x01
 * come out of bulk IN 0x81 in order. At most {@link #CAPACITY} bytes wait inside; an OUT transfer
 * beyond that stalls. CRC-32s of everything received and sent let a test check both directions.
 */
public final class BulkLoopbackDevice extends SimulatedDevice {
    public static final int VENDOR_ID = 0x1209;
    public static final int PRODUCT_ID = 0x0002;
    public static final int CAPACITY = 4 << 20;
    static final int EP_OUT = 0x01;
    static final int EP_IN = 0x81;

    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private final ArrayDeque<Pending> waitingIn = new ArrayDeque<>();
    private final CRC32 receivedCrc = new CRC32();
    private final CRC32 sentCrc = new CRC32();
    private int headOffset;
    private long heldBytes;
    private long received;
    private long sent;

    private record Pending(UsbTransfer transfer, TransferDone done) {
    }

    public BulkLoopbackDevice() {
        this(VENDOR_ID, PRODUCT_ID, "Simulated bulk loopback");
    }

    /**
     * The same device under another id. QEMU turns on usbredir bulk receiving for the bulk IN endpoint of
     * devices in its USB-serial quirk table only ({@code hw/usb/quirks.h}); {@link #serialLike()} is one.
     */
    public BulkLoopbackDevice(int vendorId, int productId, String product) {
        super(new UsbDeviceInfo(2, 0, 0, 0, vendorId, productId, 0x0100, product,
                List.of(new UsbDeviceInfo.Interface(0, 0xFF, 0, 0)),
                List.of(new UsbDeviceInfo.Endpoint(EP_OUT, 2, 0, 0, 512), new UsbDeviceInfo.Endpoint(EP_IN, 2, 0, 0, 512))),
                "thinspice", "LOOP0001");
    }

    /** Silicon Labs' id 10c4:8044 (a CP210x-based debug adapter) from QEMU's table: QEMU buffers its bulk IN. */
    public static BulkLoopbackDevice serialLike() {
        return new BulkLoopbackDevice(0x10C4, 0x8044, "Simulated serial-like loopback");
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long sent() {
        return sent;
    }

    /** CRC-32 (zlib's) of every byte received on OUT, as 8 hex digits. */
    public synchronized String receivedCrc() {
        return String.format("%08x", receivedCrc.getValue());
    }

    public synchronized String sentCrc() {
        return String.format("%08x", sentCrc.getValue());
    }

    @Override
    protected synchronized void onReset() {
        held.clear();
        waitingIn.clear();
        heldBytes = 0;
        headOffset = 0;
    }

    @Override
    protected byte[] classRequest(UsbTransfer t) {
        return null;
    }

    @Override
    public synchronized void cancel(long transferId) {
        waitingIn.removeIf(p -> p.transfer().id() == transferId);
    }

    @Override
    protected synchronized void endpoint(UsbTransfer t, TransferDone done) {
        if (t.kind() != UsbTransfer.Kind.BULK) {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        } else if (t.endpoint() == EP_OUT) {
            if (heldBytes + t.data().length > CAPACITY) {
                done.completed(t, UsbStatus.STALL, 0, new byte[0]);
                return;
            }
            if (t.data().length > 0) {
                held.add(t.data());
                heldBytes += t.data().length;
                received += t.data().length;
                receivedCrc.update(t.data());
            }
            done.completed(t, UsbStatus.SUCCESS, t.data().length, new byte[0]);
            serve();
        } else if (t.endpoint() == EP_IN) {
            waitingIn.add(new Pending(t, done));
            serve();
        } else {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        }
    }

    private void serve() {
        while (!waitingIn.isEmpty() && heldBytes > 0) {
            Pending p = waitingIn.poll();
            int n = (int) Math.min(p.transfer().length(), heldBytes);
            byte[] d = new byte[n];
            int at = 0;
            while (at < n) {
                byte[] head = held.peek();
                int k = Math.min(n - at, head.length - headOffset);
                System.arraycopy(head, headOffset, d, at, k);
                at += k;
                headOffset += k;
                if (headOffset == head.length) {
                    held.poll();
                    headOffset = 0;
                }
            }
            heldBytes -= n;
            sent += n;
            sentCrc.update(d);
            p.done().completed(p.transfer(), UsbStatus.SUCCESS, n, d);
        }
    }
}
