package org.thinspice.device.usbredir;

/** The two ends of a usbredir connection: the usb-host exports a device (this client), the usb-guest uses it (QEMU). */
public enum Role {
    HOST, GUEST;

    public Role peer() {
        return this == HOST ? GUEST : HOST;
    }
}
