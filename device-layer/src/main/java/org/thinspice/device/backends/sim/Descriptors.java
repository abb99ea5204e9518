package org.thinspice.device.backends.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.thinspice.device.backends.UsbDeviceInfo;

/** Builds the standard USB 2.0 descriptors (chapter 9) of a simulated device from its {@link UsbDeviceInfo}. */
final class Descriptors {
    static final int DEVICE = 1;
    static final int CONFIGURATION = 2;
    static final int STRING = 3;
    static final int DEVICE_QUALIFIER = 6;
    static final int MAX_PACKET_SIZE_0 = 64;

    private Descriptors() {
    }

    /** Strings are indexed from 1: manufacturer, product, serial number. */
    static byte[] device(UsbDeviceInfo d) {
        return new byte[] {18, DEVICE, 0x00, 0x02, (byte) d.deviceClass(), (byte) d.deviceSubclass(),
            (byte) d.deviceProtocol(), MAX_PACKET_SIZE_0, (byte) d.vendorId(), (byte) (d.vendorId() >> 8),
            (byte) d.productId(), (byte) (d.productId() >> 8), (byte) d.deviceVersionBcd(),
            (byte) (d.deviceVersionBcd() >> 8), 1, 2, 3, 1};
    }

    static byte[] qualifier(UsbDeviceInfo d) {
        return new byte[] {10, DEVICE_QUALIFIER, 0x00, 0x02, (byte) d.deviceClass(), (byte) d.deviceSubclass(),
            (byte) d.deviceProtocol(), MAX_PACKET_SIZE_0, 1, 0};
    }

    /** Configuration 1, bus powered 100 mA, with every interface (alt 0) and its endpoints. */
    static byte[] configuration(UsbDeviceInfo d) {
        return configuration(d, i -> new byte[0]);
    }

    /** As above, with class-specific descriptors (a HID descriptor, say) right after each interface's. */
    static byte[] configuration(UsbDeviceInfo d, java.util.function.IntFunction<byte[]> classDescriptors) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        List<UsbDeviceInfo.Interface> ifs = d.interfaces();
        b.writeBytes(new byte[] {9, CONFIGURATION, 0, 0, (byte) ifs.size(), 1, 0, (byte) 0x80, 50});
        for (UsbDeviceInfo.Interface i : ifs) {
            List<UsbDeviceInfo.Endpoint> eps = d.endpoints().stream()
                    .filter(e -> e.interfaceNumber() == i.number() && (e.address() & 0x0F) != 0).toList();
            b.writeBytes(new byte[] {9, 4, (byte) i.number(), 0, (byte) eps.size(), (byte) i.interfaceClass(),
                (byte) i.interfaceSubclass(), (byte) i.interfaceProtocol(), 0});
            b.writeBytes(classDescriptors.apply(i.number()));
            for (UsbDeviceInfo.Endpoint e : eps) {
                b.writeBytes(new byte[] {7, 5, (byte) e.address(), (byte) e.type(), (byte) e.maxPacketSize(),
                    (byte) (e.maxPacketSize() >> 8), (byte) e.interval()});
            }
        }
        byte[] c = b.toByteArray();
        c[2] = (byte) c.length;
        c[3] = (byte) (c.length >> 8);
        return c;
    }

    static byte[] string(String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_16LE);
        byte[] d = new byte[2 + u.length];
        d[0] = (byte) d.length;
        d[1] = STRING;
        System.arraycopy(u, 0, d, 2, u.length);
        return d;
    }

    /** String descriptor 0: the supported language, US English. */
    static byte[] languages() {
        return new byte[] {4, STRING, 0x09, 0x04};
    }
}
