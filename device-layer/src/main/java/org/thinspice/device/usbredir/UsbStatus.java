package org.thinspice.device.usbredir;

/** usbredir transfer and request status codes (usbredirproto.h); anything else from a peer means an error. */
public final class UsbStatus {
    public static final int SUCCESS = 0;
    public static final int CANCELLED = 1;
    public static final int INVAL = 2;
    public static final int IOERROR = 3;
    public static final int STALL = 4;
    public static final int TIMEOUT = 5;
    public static final int BABBLE = 6;

    private UsbStatus() {
    }

    public static String name(int status) {
        return switch (status) {
            case SUCCESS -> "success";
            case CANCELLED -> "cancelled";
            case INVAL -> "inval";
            case IOERROR -> "ioerror";
            case STALL -> "stall";
            case TIMEOUT -> "timeout";
            case BABBLE -> "babble";
            default -> "unknown(" + status + ")";
        };
    }
}
