package org.thinspice.device.backends;

import java.util.List;

/**
 * What the guest is told before it enumerates a device (usbredir device_connect, interface_info and
 * ep_info) and what the policy matches on. {@code speed} uses usbredir's numbers (0 low, 1 full,
 * 2 high, 3 super).
 */
public record UsbDeviceInfo(int speed, int deviceClass, int deviceSubclass, int deviceProtocol, int vendorId,
        int productId, int deviceVersionBcd, String product, List<Interface> interfaces, List<Endpoint> endpoints) {

    public record Interface(int number, int interfaceClass, int interfaceSubclass, int interfaceProtocol) {
    }

    /** {@code type}: 0 control, 1 iso, 2 bulk, 3 interrupt (usbredir's numbers). */
    public record Endpoint(int address, int type, int interval, int interfaceNumber, int maxPacketSize) {
    }

    public UsbDeviceInfo {
        interfaces = List.copyOf(interfaces);
        endpoints = List.copyOf(endpoints);
    }

    /** VID:PID as people read it, e.g. {@code 1209:0001}. */
    public String id() {
        return String.format("%04x:%04x", vendorId, productId);
    }
}
