package org.thinspice.device.backends.usb4java;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;

/** {@link LibUsbCalls} through usb4java's static {@code LibUsb} mirror of libusb-1.0. */
public final class Usb4JavaCalls implements LibUsbCalls {
    private final Context context = new Context();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Device> devices = new ConcurrentHashMap<>();
    private final Map<Long, DeviceHandle> handles = new ConcurrentHashMap<>();
    private DeviceList list;

    @Override
    public int init() {
        return LibUsb.init(context);
    }

    @Override
    public void exit() {
        if (list != null) {
            LibUsb.freeDeviceList(list, true);
            list = null;
        }
        LibUsb.exit(context);
    }

    @Override
    public synchronized List<Found> devices(int[] error) {
        if (list != null) {
            LibUsb.freeDeviceList(list, true);
            devices.clear();
        }
        list = new DeviceList();
        int n = LibUsb.getDeviceList(context, list);
        List<Found> found = new ArrayList<>();
        if (n < 0) {
            error[0] = n;
            list = null;
            return found;
        }
        for (Device d : list) {
            DeviceDescriptor dd = new DeviceDescriptor();
            if (LibUsb.getDeviceDescriptor(d, dd) != LibUsb.SUCCESS) {
                continue;
            }
            List<UsbDeviceInfo.Interface> ifs = new ArrayList<>();
            List<UsbDeviceInfo.Endpoint> eps = new ArrayList<>();
            ConfigDescriptor cd = new ConfigDescriptor();
            if (LibUsb.getActiveConfigDescriptor(d, cd) == LibUsb.SUCCESS) {
                for (org.usb4java.Interface i : cd.iface()) {
                    if (i.numAltsetting() == 0) {
                        continue;
                    }
                    InterfaceDescriptor id = i.altsetting()[0];
                    ifs.add(new UsbDeviceInfo.Interface(id.bInterfaceNumber() & 0xFF, id.bInterfaceClass() & 0xFF,
                            id.bInterfaceSubClass() & 0xFF, id.bInterfaceProtocol() & 0xFF));
                    for (EndpointDescriptor e : id.endpoint()) {
                        eps.add(new UsbDeviceInfo.Endpoint(e.bEndpointAddress() & 0xFF, e.bmAttributes() & 0x03,
                                e.bInterval() & 0xFF, id.bInterfaceNumber() & 0xFF, e.wMaxPacketSize() & 0xFFFF));
                    }
                }
                LibUsb.freeConfigDescriptor(cd);
            }
            long id = ids.incrementAndGet();
            devices.put(id, d);
            found.add(new Found(id, LibUsb.getBusNumber(d), LibUsb.getDeviceAddress(d), new UsbDeviceInfo(
                    speed(LibUsb.getDeviceSpeed(d)), dd.bDeviceClass() & 0xFF, dd.bDeviceSubClass() & 0xFF,
                    dd.bDeviceProtocol() & 0xFF, dd.idVendor() & 0xFFFF, dd.idProduct() & 0xFFFF,
                    dd.bcdDevice() & 0xFFFF, String.format("USB device %04x:%04x", dd.idVendor() & 0xFFFF,
                            dd.idProduct() & 0xFFFF), ifs, eps)));
        }
        return found;
    }

    /** libusb speed (1 low .. 4 super) to usbredir's (0 low .. 3 super, 255 unknown). */
    static int speed(int libusb) {
        return libusb >= 1 && libusb <= 4 ? libusb - 1 : 255;
    }

    @Override
    public long open(long device) {
        Device d = devices.get(device);
        if (d == null) {
            return ERROR_NO_DEVICE;
        }
        DeviceHandle h = new DeviceHandle();
        int r = LibUsb.open(d, h);
        if (r != LibUsb.SUCCESS) {
            return r;
        }
        long id = ids.incrementAndGet();
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
}
