package org.thinspice.device.backends.sim;

import java.util.HashSet;
import java.util.Set;

import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.UsbDeviceListener;
import org.thinspice.device.backends.UsbTransfer;
import org.thinspice.device.usbredir.UsbStatus;

/**
 * Base of the simulated devices: a real device to QEMU and the guest, with standard descriptors and the
 * chapter 9 requests (GET_DESCRIPTOR, GET_STATUS, CLEAR/SET_FEATURE endpoint halt). Subclasses add their
 * class requests and endpoint traffic. Transfers complete on the caller's thread.
 */
public abstract class SimulatedDevice implements UsbDevice {
    private static final int GET_STATUS = 0;
    private static final int CLEAR_FEATURE = 1;
    private static final int SET_FEATURE = 3;
    private static final int GET_DESCRIPTOR = 6;
    private static final int ENDPOINT_HALT = 0;

    private final UsbDeviceInfo info;
    private final String manufacturer;
    private final String serial;
    private final Set<Integer> halted = new HashSet<>();
    private volatile UsbDeviceListener listener;
    private int configuration;
    private volatile boolean open;

    protected SimulatedDevice(UsbDeviceInfo info, String manufacturer, String serial) {
        this.info = info;
        this.manufacturer = manufacturer;
        this.serial = serial;
    }

    @Override
    public UsbDeviceInfo info() {
        return info;
    }

    @Override
    public void open(UsbDeviceListener l) {
        this.listener = l;
        open = true;
    }

    public boolean isOpen() {
        return open;
    }

    /** Simulates pulling the device out: the host hears {@link UsbDeviceListener#onGone}. */
    public void unplug() {
        UsbDeviceListener l = listener;
        if (l != null) {
            l.onGone(info.product() + " was unplugged");
        }
    }

    @Override
    public void reset() {
        configuration = 0;
        halted.clear();
        onReset();
    }

    /** Class-specific state goes back to power-on. */
    protected abstract void onReset();

    @Override
    public int setConfiguration(int c) {
        if (c != 0 && c != 1) {
            return UsbStatus.STALL;
        }
        configuration = c;
        halted.clear();
        return UsbStatus.SUCCESS;
    }

    @Override
    public int configuration() {
        return configuration;
    }

    @Override
    public int setAltSetting(int interfaceNumber, int alt) {
        return alt == 0 && info.interfaces().stream().anyMatch(i -> i.number() == interfaceNumber)
                ? UsbStatus.SUCCESS : UsbStatus.STALL;
    }

    @Override
    public int altSetting(int interfaceNumber) {
        return info.interfaces().stream().anyMatch(i -> i.number() == interfaceNumber) ? 0 : -1;
    }

    @Override
    public void close() {
        open = false;
        listener = null;
    }

    protected boolean halted(int endpoint) {
        return halted.contains(endpoint);
    }

    protected void halt(int endpoint) {
        halted.add(endpoint);
    }

    @Override
    public void submit(UsbTransfer t, TransferDone done) {
        if (t.kind() == UsbTransfer.Kind.CONTROL) {
            control(t, done);
        } else if (halted(t.endpoint())) {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        } else {
            endpoint(t, done);
        }
    }

    @Override
    public void cancel(long transferId) {
        // Simulated transfers complete at once, except what a subclass holds; it overrides this.
    }

    /** Bulk, interrupt or iso traffic on a non-control endpoint. */
    protected abstract void endpoint(UsbTransfer t, TransferDone done);

    /** A class or vendor control request; return null to stall it. */
    protected abstract byte[] classRequest(UsbTransfer t);

    private void control(UsbTransfer t, TransferDone done) {
        byte[] reply = (t.requestType() & 0x60) == 0 ? standard(t) : classRequest(t);
        if (reply == null) {
            done.completed(t, UsbStatus.STALL, 0, new byte[0]);
        } else if (t.in()) {
            byte[] d = reply.length > t.length() ? java.util.Arrays.copyOf(reply, t.length()) : reply;
            done.completed(t, UsbStatus.SUCCESS, d.length, d);
        } else {
            done.completed(t, UsbStatus.SUCCESS, t.length(), new byte[0]);
        }
    }

    /** Class-specific descriptors that follow interface {@code number}'s descriptor in the configuration. */
    protected byte[] classDescriptors(int number) {
        return new byte[0];
    }

    /** A descriptor asked of an interface (a HID report descriptor, say); null stalls. */
    protected byte[] interfaceDescriptor(int type, int interfaceNumber) {
        return null;
    }

    private byte[] standard(UsbTransfer t) {
        int recipient = t.requestType() & 0x1F;
        switch (t.request()) {
            case GET_DESCRIPTOR:
                return recipient == 1 ? interfaceDescriptor(t.value() >> 8, t.index())
                        : descriptor(t.value() >> 8, t.value() & 0xFF);
            case GET_STATUS:
                return new byte[] {(byte) (recipient == 2 && halted(t.index() & 0xFF) ? 1 : 0), 0};
            case CLEAR_FEATURE:
            case SET_FEATURE:
                if (recipient == 2 && t.value() == ENDPOINT_HALT) {
                    if (t.request() == CLEAR_FEATURE) {
                        halted.remove(t.index() & 0xFF);
                        onHaltCleared(t.index() & 0xFF);
                    } else {
                        halt(t.index() & 0xFF);
                    }
                    return new byte[0];
                }
                return recipient == 0 ? new byte[0] : null;
            default:
                return null;
        }
    }

    /** The guest cleared a halt (bulk-only reset recovery does this on both bulk endpoints). */
    protected void onHaltCleared(int endpoint) {
    }

    private byte[] descriptor(int type, int index) {
        return switch (type) {
            case Descriptors.DEVICE -> Descriptors.device(info);
            case Descriptors.CONFIGURATION -> index == 0 ? Descriptors.configuration(info, this::classDescriptors)
                    : null;
            case Descriptors.DEVICE_QUALIFIER -> info.speed() == 2 ? Descriptors.qualifier(info) : null;
            case Descriptors.STRING -> switch (index) {
                case 0 -> Descriptors.languages();
                case 1 -> Descriptors.string(manufacturer);
                case 2 -> Descriptors.string(info.product());
                case 3 -> Descriptors.string(serial);
                default -> null;
            };
            default -> null;
        };
    }
}
