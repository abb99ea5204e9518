package org.thinspice.device.usbredir;

/**
 * usbredir packet types as numbered on the wire, with the direction they travel: H2G from the usb-host
 * (this client) to the usb-guest (QEMU), G2H the other way, BOTH either.
 */
public enum PacketType {
    HELLO(0, Dir.BOTH),
    DEVICE_CONNECT(1, Dir.H2G),
    DEVICE_DISCONNECT(2, Dir.H2G),
    RESET(3, Dir.G2H),
    INTERFACE_INFO(4, Dir.H2G),
    EP_INFO(5, Dir.H2G),
    SET_CONFIGURATION(6, Dir.G2H),
    GET_CONFIGURATION(7, Dir.G2H),
    CONFIGURATION_STATUS(8, Dir.H2G),
    SET_ALT_SETTING(9, Dir.G2H),
    GET_ALT_SETTING(10, Dir.G2H),
    ALT_SETTING_STATUS(11, Dir.H2G),
    START_ISO_STREAM(12, Dir.G2H),
    STOP_ISO_STREAM(13, Dir.G2H),
    ISO_STREAM_STATUS(14, Dir.H2G),
    START_INTERRUPT_RECEIVING(15, Dir.G2H),
    STOP_INTERRUPT_RECEIVING(16, Dir.G2H),
    INTERRUPT_RECEIVING_STATUS(17, Dir.H2G),
    ALLOC_BULK_STREAMS(18, Dir.G2H),
    FREE_BULK_STREAMS(19, Dir.G2H),
    BULK_STREAMS_STATUS(20, Dir.H2G),
    CANCEL_DATA_PACKET(21, Dir.G2H),
    FILTER_REJECT(22, Dir.G2H),
    FILTER_FILTER(23, Dir.BOTH),
    DEVICE_DISCONNECT_ACK(24, Dir.G2H),
    START_BULK_RECEIVING(25, Dir.G2H),
    STOP_BULK_RECEIVING(26, Dir.G2H),
    BULK_RECEIVING_STATUS(27, Dir.H2G),
    CONTROL_PACKET(100, Dir.BOTH),
    BULK_PACKET(101, Dir.BOTH),
    ISO_PACKET(102, Dir.BOTH),
    INTERRUPT_PACKET(103, Dir.BOTH),
    BUFFERED_BULK_PACKET(104, Dir.H2G);

    /** Which side may send a packet type. */
    public enum Dir { H2G, G2H, BOTH }

    private static final PacketType[] BY_WIRE = new PacketType[105];

    static {
        for (PacketType t : values()) {
            BY_WIRE[t.wire] = t;
        }
    }

    private final int wire;
    private final Dir dir;

    PacketType(int wire, Dir dir) {
        this.wire = wire;
        this.dir = dir;
    }

    public int wire() {
        return wire;
    }

    /** True when a sender in {@code role} may send this type. */
    public boolean sentBy(Role role) {
        return dir == Dir.BOTH || (dir == Dir.H2G) == (role == Role.HOST);
    }

    /** Data packets (100..104) carry an endpoint and, in the data direction, a payload. */
    public boolean isData() {
        return wire >= 100;
    }

    /** The type for a wire number, or null for an unknown one (the caller decides what that means). */
    public static PacketType of(long wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[(int) wire] : null;
    }
}
