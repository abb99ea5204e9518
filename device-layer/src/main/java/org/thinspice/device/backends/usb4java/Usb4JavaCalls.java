package org.thinspice.device.backends.usb4java;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.thinspice.device.backends.UsbDeviceInfo;
import org.usb4java.ConfigDescriptor;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.EndpointDescriptor;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;
import org.usb4java.Transfer;

/** {@link LibUsbCalls} through usb4java's static {@code LibUsb} mirror of libusb-1.0. */
public final class Usb4JavaCalls implements LibUsbCalls {
    private final Context context = new Context();
    private final AtomicLong next = new AtomicLong();
    private final Map<Long, Long> ids = new HashMap<>();
    private final Map<Long, Device> devices = new HashMap<>();
    private final Map<Long, DeviceHandle> handles = new ConcurrentHashMap<>();
    private final Map<Long, Transfer> inFlight = new ConcurrentHashMap<>();
    private HotplugCallbackHandle hotplug;

    @Override
    public int init() {
        return LibUsb.init(context);
    }

    @Override
    public void exit() {
        synchronized (this) {
            forgetAllBut(Set.of());
        }
        LibUsb.exit(context);
    }

    @Override
    public synchronized List<Found> devices(int[] error) {
        DeviceList list = new DeviceList();
        int n = LibUsb.getDeviceList(context, list);
        List<Found> found = new ArrayList<>();
        if (n < 0) {
            error[0] = n;
            return found;
        }
        try {
            Set<Long> present = new HashSet<>();
            for (Device d : list) {
                long id = idOf(d);
                present.add(id);
                Found f = describe(id, d);
                if (f != null) {
                    found.add(f);
                }
            }
            forgetAllBut(present);
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
        return found;
    }

    /**
     * The stable number of a libusb device: the same while it stays plugged in (libusb hands out the
     * same {@code libusb_device} for it), so a device found by one listing still opens after the next.
     * Each numbered device holds one libusb reference until it leaves.
     */
    private synchronized long idOf(Device d) {
        Long id = ids.get(d.getPointer());
        if (id == null) {
            id = next.incrementAndGet();
            ids.put(d.getPointer(), id);
            devices.put(id, LibUsb.refDevice(d));
        }
        return id;
    }

    private synchronized void forgetAllBut(Set<Long> present) {
        for (Iterator<Map.Entry<Long, Device>> it = devices.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Device> e = it.next();
            if (!present.contains(e.getKey())) {
                ids.remove(e.getValue().getPointer());
                LibUsb.unrefDevice(e.getValue());
                it.remove();
            }
        }
    }

    private static Found describe(long id, Device d) {
        DeviceDescriptor dd = new DeviceDescriptor();
        if (LibUsb.getDeviceDescriptor(d, dd) != LibUsb.SUCCESS) {
            return null;
        }
        List<UsbDeviceInfo.Interface> ifs = new ArrayList<>();
        List<UsbDeviceInfo.Endpoint> eps = new ArrayList<>();
        List<AltSetting> alts = new ArrayList<>();
        ConfigDescriptor cd = new ConfigDescriptor();
        if (LibUsb.getActiveConfigDescriptor(d, cd) == LibUsb.SUCCESS) {
            for (org.usb4java.Interface i : cd.iface()) {
                if (i.numAltsetting() == 0) {
                    continue;
                }
                InterfaceDescriptor in = i.altsetting()[0];
                ifs.add(new UsbDeviceInfo.Interface(in.bInterfaceNumber() & 0xFF, in.bInterfaceClass() & 0xFF,
                        in.bInterfaceSubClass() & 0xFF, in.bInterfaceProtocol() & 0xFF));
                eps.addAll(endpoints(in));
                for (InterfaceDescriptor a : i.altsetting()) {
                    alts.add(new AltSetting(a.bInterfaceNumber() & 0xFF, a.bAlternateSetting() & 0xFF, endpoints(a)));
                }
            }
            LibUsb.freeConfigDescriptor(cd);
        }
        return new Found(id, LibUsb.getBusNumber(d), LibUsb.getDeviceAddress(d), new UsbDeviceInfo(
                speed(LibUsb.getDeviceSpeed(d)), dd.bDeviceClass() & 0xFF, dd.bDeviceSubClass() & 0xFF,
                dd.bDeviceProtocol() & 0xFF, dd.idVendor() & 0xFFFF, dd.idProduct() & 0xFFFF,
                dd.bcdDevice() & 0xFFFF, String.format("USB device %04x:%04x", dd.idVendor() & 0xFFFF,
                        dd.idProduct() & 0xFFFF), ifs, eps), alts);
    }

    private static List<UsbDeviceInfo.Endpoint> endpoints(InterfaceDescriptor in) {
        List<UsbDeviceInfo.Endpoint> eps = new ArrayList<>();
        for (EndpointDescriptor e : in.endpoint()) {
            eps.add(new UsbDeviceInfo.Endpoint(e.bEndpointAddress() & 0xFF, e.bmAttributes() & 0x03,
                    e.bInterval() & 0xFF, in.bInterfaceNumber() & 0xFF, e.wMaxPacketSize() & 0xFFFF));
        }
        return eps;
    }

    /** libusb speed (1 low .. 4 super) to usbredir's (0 low .. 3 super, 255 unknown). */
    static int speed(int libusb) {
        return libusb >= 1 && libusb <= 4 ? libusb - 1 : 255;
    }

    @Override
    public long open(long device) {
        Device d;
        synchronized (this) {
            d = devices.get(device);
        }
        if (d == null) {
            return ERROR_NO_DEVICE;
        }
        DeviceHandle h = new DeviceHandle();
        int r = LibUsb.open(d, h);
        if (r != LibUsb.SUCCESS) {
            return r;
        }
        long id = next.incrementAndGet();
        handles.put(id, h);
        return id;
    }

    private DeviceHandle h(long handle) {
        DeviceHandle h = handles.get(handle);
        if (h == null) {
            throw new IllegalStateException("no open handle " + handle);
        }
        return h;
    }

    @Override
    public void close(long handle) {
        DeviceHandle h = handles.remove(handle);
        if (h != null) {
            LibUsb.close(h);
        }
    }

    @Override
    public int setAutoDetachKernelDriver(long handle, boolean enable) {
        return LibUsb.setAutoDetachKernelDriver(h(handle), enable);
    }

    @Override
    public int kernelDriverActive(long handle, int interfaceNumber) {
        return LibUsb.kernelDriverActive(h(handle), interfaceNumber);
    }

    @Override
    public int detachKernelDriver(long handle, int interfaceNumber) {
        return LibUsb.detachKernelDriver(h(handle), interfaceNumber);
    }

    @Override
    public int attachKernelDriver(long handle, int interfaceNumber) {
        return LibUsb.attachKernelDriver(h(handle), interfaceNumber);
    }

    @Override
    public int claimInterface(long handle, int interfaceNumber) {
        return LibUsb.claimInterface(h(handle), interfaceNumber);
    }

    @Override
    public int releaseInterface(long handle, int interfaceNumber) {
        return LibUsb.releaseInterface(h(handle), interfaceNumber);
    }

    @Override
    public int resetDevice(long handle) {
        return LibUsb.resetDevice(h(handle));
    }

    @Override
    public int setConfiguration(long handle, int configuration) {
        return LibUsb.setConfiguration(h(handle), configuration);
    }

    @Override
    public int setInterfaceAltSetting(long handle, int interfaceNumber, int alt) {
        return LibUsb.setInterfaceAltSetting(h(handle), interfaceNumber, alt);
    }

    @Override
    public int clearHalt(long handle, int endpoint) {
        return LibUsb.clearHalt(h(handle), (byte) endpoint);
    }

    @Override
    public int controlTransfer(long handle, int requestType, int request, int value, int index, byte[] buffer,
            int length, long timeoutMs) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(1, length));
        boolean in = (requestType & 0x80) != 0;
        if (!in) {
            b.put(buffer, 0, length).rewind();
        }
        b.limit(length);
        int r = LibUsb.controlTransfer(h(handle), (byte) requestType, (byte) request, (short) value, (short) index, b,
                timeoutMs);
        if (in && r > 0) {
            b.rewind();
            b.get(buffer, 0, r);
        }
        return r;
    }

    @Override
    public int transfer(long handle, boolean interrupt, int endpoint, byte[] buffer, int length, long timeoutMs) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(1, length));
        boolean in = (endpoint & 0x80) != 0;
        if (!in) {
            b.put(buffer, 0, length).rewind();
        }
        b.limit(length);
        IntBuffer moved = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        int r = interrupt ? LibUsb.interruptTransfer(h(handle), (byte) endpoint, b, moved, timeoutMs)
                : LibUsb.bulkTransfer(h(handle), (byte) endpoint, b, moved, timeoutMs);
        if (r != LibUsb.SUCCESS) {
            return r;
        }
        int n = moved.get(0);
        if (in) {
            b.rewind();
            b.get(buffer, 0, n);
        }
        return n;
    }

    @Override
    public String errorName(int code) {
        return LibUsb.errorName(code);
    }

    @Override
    public boolean hasHotplug() {
        return LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG);
    }

    @Override
    public synchronized int registerHotplug(Hotplug listener) {
        HotplugCallbackHandle h = new HotplugCallbackHandle();
        int r = LibUsb.hotplugRegisterCallback(context,
                LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT, LibUsb.HOTPLUG_NO_FLAGS,
                LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY,
                (ctx, device, event, userData) -> {
                    try {
                        hotplugEvent(listener, device, event);
                    } catch (RuntimeException e) {
                        // an exception must not unwind through libusb's C callback
                        org.slf4j.LoggerFactory.getLogger(Usb4JavaCalls.class).warn("usb4java: hotplug event failed", e);
                    }
                    return 0; // stay registered
                }, null, h);
        if (r == LibUsb.SUCCESS) {
            hotplug = h;
        }
        return r;
    }

    /** Runs on the events thread, inside libusb's callback: descriptors are cached, so reading them is safe. */
    private void hotplugEvent(Hotplug listener, Device device, int event) {
        if (event == LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED) {
            Found f = describe(idOf(device), device);
            if (f != null) {
                listener.arrived(f);
            }
            return;
        }
        Long id;
        synchronized (this) {
            id = ids.get(device.getPointer());
        }
        if (id == null) {
            return; // never numbered, so nobody knew it
        }
        Found f = describe(id, device);
        synchronized (this) {
            Device d = devices.remove(id);
            ids.remove(device.getPointer());
            if (d != null) {
                LibUsb.unrefDevice(d);
            }
        }
        if (f != null) {
            listener.left(f);
        }
    }

    @Override
    public synchronized void deregisterHotplug() {
        if (hotplug != null) {
            LibUsb.hotplugDeregisterCallback(context, hotplug);
            hotplug = null;
        }
    }

    @Override
    public int handleEvents(long timeoutMs) {
        return LibUsb.handleEventsTimeoutCompleted(context, timeoutMs * 1000, null);
    }

    @Override
    public long submitControl(long handle, int requestType, int request, int value, int index, byte[] data,
            int length, long timeoutMs, Completion done) {
        ByteBuffer b = ByteBuffer.allocateDirect(LibUsb.CONTROL_SETUP_SIZE + length);
        LibUsb.fillControlSetup(b, (byte) requestType, (byte) request, (short) value, (short) index, (short) length);
        boolean in = (requestType & 0x80) != 0;
        if (!in) {
            b.position(LibUsb.CONTROL_SETUP_SIZE);
            b.put(data, 0, length);
        }
        b.rewind();
        Transfer t = LibUsb.allocTransfer();
        long id = next.incrementAndGet();
        LibUsb.fillControlTransfer(t, h(handle), b, tr -> finished(id, tr, in, LibUsb.CONTROL_SETUP_SIZE, done), null,
                timeoutMs);
        return submit(id, t);
    }

    @Override
    public long submitTransfer(long handle, boolean interrupt, int endpoint, byte[] data, int length, long timeoutMs,
            Completion done) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(1, length));
        boolean in = (endpoint & 0x80) != 0;
        if (!in) {
            b.put(data, 0, length).rewind();
        }
        b.limit(length);
        Transfer t = LibUsb.allocTransfer();
        long id = next.incrementAndGet();
        if (interrupt) {
            LibUsb.fillInterruptTransfer(t, h(handle), (byte) endpoint, b, tr -> finished(id, tr, in, 0, done), null,
                    timeoutMs);
        } else {
            LibUsb.fillBulkTransfer(t, h(handle), (byte) endpoint, b, tr -> finished(id, tr, in, 0, done), null,
                    timeoutMs);
        }
        t.setLength(length); // the fill functions take the buffer's capacity, at least 1 here (a zero-length packet is 0)
        return submit(id, t);
    }

    @Override
    public long submitIso(long handle, int endpoint, byte[] data, int length, long timeoutMs, Completion done) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(1, length));
        boolean in = (endpoint & 0x80) != 0;
        if (!in) {
            b.put(data, 0, length).rewind();
        }
        b.limit(length);
        long id = next.incrementAndGet();
        return submit(id, isoTransfer(h(handle), endpoint, b, length, timeoutMs, tr -> finishedIso(id, tr, in, done)));
    }

    /** A libusb iso transfer of one packet of {@code length} bytes in {@code b}, ready to submit. */
    static Transfer isoTransfer(DeviceHandle h, int endpoint, ByteBuffer b, int length, long timeoutMs,
            org.usb4java.TransferCallback callback) {
        Transfer t = LibUsb.allocTransfer(1);
        LibUsb.fillIsoTransfer(t, h, (byte) endpoint, b, 1, callback, null, timeoutMs);
        t.setLength(length);
        LibUsb.setIsoPacketLengths(t, length);
        return t;
    }

    /** An iso transfer's callback: its one packet's status and length are what count (libusb's per-packet results). */
    private void finishedIso(long id, Transfer t, boolean in, Completion done) {
        synchronized (inFlight) {
            inFlight.remove(id);
        }
        int status = t.status();
        int n = 0;
        if (status == LibUsb.TRANSFER_COMPLETED) {
            org.usb4java.IsoPacketDescriptor p = t.isoPacketDesc()[0];
            status = p.status();
            n = Math.max(0, p.actualLength());
        }
        byte[] data = new byte[in ? n : 0];
        if (in && n > 0) {
            ByteBuffer b = t.buffer();
            b.position(0);
            b.get(data, 0, n);
        }
        LibUsb.freeTransfer(t);
        report(done, status, n, data);
    }

    private static void report(Completion done, int status, int n, byte[] data) {
        try {
            done.done(status, n, data);
        } catch (RuntimeException e) {
            // an exception must not unwind through libusb's C callback
            org.slf4j.LoggerFactory.getLogger(Usb4JavaCalls.class).warn("usb4java: transfer completion failed", e);
        }
    }

    private long submit(long id, Transfer t) {
        inFlight.put(id, t);
        int r = LibUsb.submitTransfer(t);
        if (r != LibUsb.SUCCESS) {
            inFlight.remove(id);
            LibUsb.freeTransfer(t);
            return r;
        }
        return id;
    }

    /** libusb's transfer callback (events thread): copies IN data out, frees the transfer, reports. */
    private void finished(long id, Transfer t, boolean in, int offset, Completion done) {
        synchronized (inFlight) { // a cancel in progress finishes before the transfer is freed
            inFlight.remove(id);
        }
        int n = Math.max(0, t.actualLength());
        byte[] data = new byte[in ? n : 0];
        if (in && n > 0) {
            ByteBuffer b = t.buffer();
            b.position(offset);
            b.get(data, 0, n);
        }
        int status = t.status();
        LibUsb.freeTransfer(t);
        report(done, status, n, data);
    }

    @Override
    public int cancelTransfer(long transfer) {
        synchronized (inFlight) {
            Transfer t = inFlight.get(transfer);
            return t == null ? LibUsb.ERROR_NOT_FOUND : LibUsb.cancelTransfer(t);
        }
    }
}
