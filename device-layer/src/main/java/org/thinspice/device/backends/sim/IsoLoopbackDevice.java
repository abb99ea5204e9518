package org.thinspice.device.backends.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.zip.CRC32;

import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

/**
 * A simulated full-speed vendor-class device with isochronous endpoints, audio-like: what arrives on
 * iso OUT 0x02 comes back on iso IN 0x81, at most {@link #PACKET} bytes per frame. Iso IN never waits
 * for data: each {@link #frame()} (one USB frame, 1 ms on a real bus; a test or a timer calls it)
 * completes the oldest waiting IN transfer with what is held, possibly nothing, as a real iso endpoint
 * does. OUT transfers complete at once; beyond {@link #CAPACITY} held bytes the rest is dropped, as an
 * audio device drops what it cannot play. CRC-32s of what went in and out let a test check both ways.
 */
public final class IsoLoopbackDevice extends SimulatedDevice {
    public static final int VENDOR_ID = 0x1209;
    public static final int PRODUCT_ID = 0x0003;
    /** 48 kHz, 16-bit stereo: 192 bytes a millisecond. */
    public static final int PACKET = 192;
    public static final int CAPACITY = 64 * 1024;
    static final int EP_OUT = 0x02;
    static final int EP_IN = 0x81;

    private final ArrayDeque<Byte> held = new ArrayDeque<>();
    private final ArrayDeque<Pending> waitingIn = new ArrayDeque<>();
    private final CRC32 receivedCrc = new CRC32();
    private final CRC32 sentCrc = new CRC32();
    private long received;
    private long sent;
    private long dropped;

    private record Pending(UsbTransfer transfer, TransferDone done) {
    }

    public IsoLoopbackDevice() {
        super(new UsbDeviceInfo(1, 0, 0, 0, VENDOR_ID, PRODUCT_ID, 0x0100, "Simulated iso loopback",
                List.of(new UsbDeviceInfo.Interface(0, 0xFF, 0, 0)),
                List.of(new UsbDeviceInfo.Endpoint(EP_OUT, 1, 1, 0, PACKET),
                        new UsbDeviceInfo.Endpoint(EP_IN, 1, 1, 0, PACKET))),
                "thinspice", "ISO00001");
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long sent() {
        return sent;
    }

    /** OUT bytes dropped because {@link #CAPACITY} was held already. */
    public synchronized long dropped() {
        return dropped;
    }

    /** IN transfers waiting for a frame. */
    public synchronized int waitingIn() {
        return waitingIn.size();
    }

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
        if (t.kind() != UsbTransfer.Kind.ISO) {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        } else if (t.endpoint() == EP_OUT) {
            int keep = (int) Math.min(t.data().length, Math.max(0, CAPACITY - held.size()));
            for (int i = 0; i < keep; i++) {
                held.add(t.data()[i]);
            }
            receivedCrc.update(t.data(), 0, keep);
            received += keep;
            dropped += t.data().length - keep;
            done.completed(t, UsbStatus.SUCCESS, t.data().length, new byte[0]);
        } else if (t.endpoint() == EP_IN) {
            waitingIn.add(new Pending(t, done));
        } else {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        }
    }

    /** One frame: the oldest waiting IN transfer completes with up to one packet of what is held. */
    public void frame() {
        Pending p;
        byte[] d;
        synchronized (this) {
            p = waitingIn.poll();
            if (p == null) {
                return;
            }
            int n = Math.min(Math.min(PACKET, p.transfer().length()), held.size());
            d = new byte[n];
            for (int i = 0; i < n; i++) {
                d[i] = held.poll();
            }
            sent += n;
            sentCrc.update(d);
        }
        // Outside the device's lock: the host takes its own lock in the completion (as with a real backend).
        p.done().completed(p.transfer(), UsbStatus.SUCCESS, d.length, d);
    }
}
