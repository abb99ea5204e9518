package org.thinspice.device.policy;

/**
 * One usbredir filter rule: device or interface class, vendor id, product id, bcdDevice version, allow.
 * -1 is a wildcard. Written {@code class,vendor,product,version,allow} (usbredirfilter.h).
 */
public record UsbFilterRule(int deviceClass, int vendorId, int productId, int deviceVersionBcd, boolean allow) {
    public UsbFilterRule {
        check(deviceClass, 255, "class");
        check(vendorId, 65535, "vendor");
        check(productId, 65535, "product");
        check(deviceVersionBcd, 65535, "version");
    }

    private static void check(int v, int max, String what) {
        if (v < -1 || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is outside -1.." + max);
        }
    }

    boolean matches(int cls, int vendor, int product, int version) {
        return (deviceClass == -1 || deviceClass == cls) && (vendorId == -1 || vendorId == vendor)
                && (productId == -1 || productId == product) && (deviceVersionBcd == -1 || deviceVersionBcd == version);
    }

    /** The rule as usbredir writes it ({@code 0x08,-1,-1,-1,1}). */
    @Override
    public String toString() {
        return hex(deviceClass, 2) + "," + hex(vendorId, 4) + "," + hex(productId, 4) + "," + hex(deviceVersionBcd, 4)
                + "," + (allow ? 1 : 0);
    }

    private static String hex(int v, int digits) {
        return v == -1 ? "-1" : String.format("0x%0" + digits + "x", v);
    }
}
