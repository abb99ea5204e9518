package org.thinspice.device.backends.sim;

import java.util.ArrayDeque;
import java.util.List;

import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

/**
 * A simulated full-speed USB boot keyboard (HID 1.11, interface 03/01/01, interrupt IN 0x81, 8-byte
 * boot reports). {@link #press} and {@link #release} queue reports; they reach the guest through the
 * host's interrupt receiving. SET_REPORT (the LEDs), SET_IDLE and SET_PROTOCOL are accepted.
 */
public final class HidKeyboard extends SimulatedDevice {
    public static final int VENDOR_ID = 0x1209;
    public static final int PRODUCT_ID = 0x0003;
    static final int EP_IN = 0x81;
    /** The boot keyboard report descriptor of HID 1.11 appendix B.1: modifiers, reserved, LEDs, six keys. */
    static final byte[] REPORT_DESCRIPTOR = bytes(0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29,
            0xE7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95,
            0x05, 0x75, 0x01, 0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95,
            0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xC0);

    private final ArrayDeque<byte[]> reports = new ArrayDeque<>();
    private final byte[] keys = new byte[6];
    private InterruptSink sink;
    private int leds;

    public HidKeyboard() {
        super(new UsbDeviceInfo(1, 0, 0, 0, VENDOR_ID, PRODUCT_ID, 0x0100, "Simulated keyboard",
                List.of(new UsbDeviceInfo.Interface(0, 0x03, 0x01, 0x01)),
                List.of(new UsbDeviceInfo.Endpoint(EP_IN, 3, 10, 0, 8))), "thinspice", "KBD0001");
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** The LED bits the guest last set (num 1, caps 2, scroll 4). */
    public synchronized int leds() {
        return leds;
    }

    /** Presses a key by its HID usage id (0x04 = a … 0x1d = z, 0x28 = Enter). Any thread. */
    public void press(int usage) {
        synchronized (this) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == 0) {
                    keys[i] = (byte) usage;
                    break;
                }
            }
            queueReport();
        }
        deliver();
    }

    public void release(int usage) {
        synchronized (this) {
            for (int i = 0; i < keys.length; i++) {
                if ((keys[i] & 0xFF) == usage) {
                    keys[i] = 0;
                }
            }
            queueReport();
        }
        deliver();
    }

    private void queueReport() {
        byte[] r = new byte[8];
        System.arraycopy(keys, 0, r, 2, 6);
        reports.add(r);
    }

    /**
     * Hands queued reports to the host outside this device's lock: the host locks itself first and then
     * calls into the device, so calling the host while holding the device's lock could deadlock.
     */
    private void deliver() {
        while (true) {
            InterruptSink s;
            byte[] r;
            synchronized (this) {
                s = sink;
                r = s == null ? null : reports.poll();
            }
            if (r == null) {
                return;
            }
            s.report(UsbStatus.SUCCESS, r);
        }
    }

    /** Reports queued before the guest started polling go out with the next key (as a real keyboard's would). */
    @Override
    public synchronized int startInterruptReceiving(int endpoint, InterruptSink s) {
        if (endpoint != EP_IN) {
            return UsbStatus.INVAL;
        }
        sink = s;
        return UsbStatus.SUCCESS;
    }

    @Override
    public synchronized void stopInterruptReceiving(int endpoint) {
        sink = null;
    }

    @Override
    protected synchronized void onReset() {
        sink = null;
        reports.clear();
        java.util.Arrays.fill(keys, (byte) 0);
    }

    @Override
    protected byte[] classDescriptors(int number) {
        int n = REPORT_DESCRIPTOR.length;
        return bytes(9, 0x21, 0x11, 0x01, 0, 1, 0x22, n & 0xFF, n >> 8);
    }

    @Override
    protected byte[] interfaceDescriptor(int type, int interfaceNumber) {
        return type == 0x22 && interfaceNumber == 0 ? REPORT_DESCRIPTOR.clone() : null;
    }

    @Override
    protected synchronized byte[] classRequest(UsbTransfer t) {
        if (t.requestType() == 0x21 && t.request() == 0x09) { // SET_REPORT: the LEDs
            leds = t.data().length > 0 ? t.data()[0] & 0x07 : 0;
            return new byte[0];
        }
        if (t.requestType() == 0x21 && (t.request() == 0x0A || t.request() == 0x0B)) { // SET_IDLE, SET_PROTOCOL
            return new byte[0];
        }
        if (t.requestType() == 0xA1 && t.request() == 0x01) { // GET_REPORT
            byte[] r = new byte[8];
            System.arraycopy(keys, 0, r, 2, 6);
            return r;
        }
        return null;
    }

    @Override
    protected void endpoint(UsbTransfer t, TransferDone done) {
        done.completed(t, UsbStatus.STALL, 0, new byte[0]); // reports go through interrupt receiving only
    }

    @Override
    public synchronized void close() {
        sink = null;
        super.close();
    }
}
