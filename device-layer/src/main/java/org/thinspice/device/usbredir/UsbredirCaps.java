package org.thinspice.device.usbredir;

/**
 * usbredir capability bits (usbredirproto.h, protocol 0.7). Hello carries them as one u32 word; a
 * feature that changes the wire is used only when both sides announce it.
 */
public final class UsbredirCaps {
    public static final int BULK_STREAMS = 0;
    public static final int CONNECT_DEVICE_VERSION = 1;
    public static final int FILTER = 2;
    public static final int DEVICE_DISCONNECT_ACK = 3;
    public static final int EP_INFO_MAX_PACKET_SIZE = 4;
    public static final int IDS_64BITS = 5;
    public static final int BULK_LENGTH_32BITS = 6;
    public static final int BULK_RECEIVING = 7;

    /**
     * What this host announces: every bit but bulk streams (USB 3 streams need a backend that has them).
     * QEMU refuses a device on xHCI unless the host has ep_info_max_packet_size, 64bits_ids and
     * 32bits_bulk_length.
     */
    public static final int HOST_DEFAULT = bit(CONNECT_DEVICE_VERSION) | bit(FILTER) | bit(DEVICE_DISCONNECT_ACK)
            | bit(EP_INFO_MAX_PACKET_SIZE) | bit(IDS_64BITS) | bit(BULK_LENGTH_32BITS) | bit(BULK_RECEIVING);

    private UsbredirCaps() {
    }

    public static int bit(int cap) {
        return 1 << cap;
    }

    public static boolean has(int caps, int cap) {
        return (caps & bit(cap)) != 0;
    }

    /** Bulk streams are only valid together with ep_info_max_packet_size (usbredirparser clears bit 0 otherwise). */
    public static int normalize(int caps) {
        return has(caps, EP_INFO_MAX_PACKET_SIZE) ? caps : caps & ~bit(BULK_STREAMS);
    }
}
