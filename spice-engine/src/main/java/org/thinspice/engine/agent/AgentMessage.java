package org.thinspice.engine.agent;

import org.thinspice.engine.wire.WireWriter;

/** One vdagent message (spice/vd_agent.h VDAgentMessage): type, opaque and data. */
public record AgentMessage(int type, long opaque, byte[] data) {
    public static final int PROTOCOL = 1;
    public static final int HEADER_SIZE = 20;

    public static final int MOUSE_STATE = 1;
    public static final int MONITORS_CONFIG = 2;
    public static final int REPLY = 3;
    public static final int CLIPBOARD = 4;
    public static final int DISPLAY_CONFIG = 5;
    public static final int ANNOUNCE_CAPABILITIES = 6;
    public static final int CLIPBOARD_GRAB = 7;
    public static final int CLIPBOARD_REQUEST = 8;
    public static final int CLIPBOARD_RELEASE = 9;
    public static final int CLIENT_DISCONNECTED = 13;
    public static final int MAX_CLIPBOARD = 14;

    public AgentMessage(int type, byte[] data) {
        this(type, 0, data);
    }

    /** Header + data as it travels in the agent stream. */
    public byte[] encode() {
        return new WireWriter(HEADER_SIZE + data.length).u32(PROTOCOL).u32(type).u64(opaque).u32(data.length)
                .bytes(data).toByteArray();
    }

    public static String typeName(int type) {
        return switch (type) {
            case MOUSE_STATE -> "MOUSE_STATE";
            case MONITORS_CONFIG -> "MONITORS_CONFIG";
            case REPLY -> "REPLY";
            case CLIPBOARD -> "CLIPBOARD";
            case DISPLAY_CONFIG -> "DISPLAY_CONFIG";
            case ANNOUNCE_CAPABILITIES -> "ANNOUNCE_CAPABILITIES";
            case CLIPBOARD_GRAB -> "CLIPBOARD_GRAB";
            case CLIPBOARD_REQUEST -> "CLIPBOARD_REQUEST";
            case CLIPBOARD_RELEASE -> "CLIPBOARD_RELEASE";
            case CLIENT_DISCONNECTED -> "CLIENT_DISCONNECTED";
            case MAX_CLIPBOARD -> "MAX_CLIPBOARD";
            default -> "type " + type;
        };
    }
}
