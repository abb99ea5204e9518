package org.thinspice.engine.channel;

/** Message numbers from spice/enums.h, grouped by channel and direction. */
public final class MessageTypes {
    private MessageTypes() {
    }

    // Common, server -> client
    public static final int MIGRATE = 1;
    public static final int MIGRATE_DATA = 2;
    public static final int SET_ACK = 3;
    public static final int PING = 4;
    public static final int WAIT_FOR_CHANNELS = 5;
    public static final int DISCONNECTING = 6;
    public static final int NOTIFY = 7;
    public static final int LIST = 8;

    // Common, client -> server
    public static final int MSGC_ACK_SYNC = 1;
    public static final int MSGC_ACK = 2;
    public static final int MSGC_PONG = 3;
    public static final int MSGC_MIGRATE_FLUSH_MARK = 4;
    public static final int MSGC_DISCONNECTING = 6;

    // Main, server -> client
    public static final int MAIN_MIGRATE_BEGIN = 101;
    public static final int MAIN_MIGRATE_CANCEL = 102;
    public static final int MAIN_INIT = 103;
    public static final int MAIN_CHANNELS_LIST = 104;
    public static final int MAIN_MOUSE_MODE = 105;
    public static final int MAIN_MULTI_MEDIA_TIME = 106;
    public static final int MAIN_AGENT_CONNECTED = 107;
    public static final int MAIN_AGENT_DISCONNECTED = 108;
    public static final int MAIN_AGENT_DATA = 109;
    public static final int MAIN_AGENT_TOKEN = 110;
    public static final int MAIN_MIGRATE_SWITCH_HOST = 111;
    public static final int MAIN_MIGRATE_END = 112;
    public static final int MAIN_NAME = 113;
    public static final int MAIN_UUID = 114;
    public static final int MAIN_AGENT_CONNECTED_TOKENS = 115;

    // Main, client -> server
    public static final int MSGC_MAIN_CLIENT_INFO = 101;
    public static final int MSGC_MAIN_ATTACH_CHANNELS = 104;
    public static final int MSGC_MAIN_MOUSE_MODE_REQUEST = 105;
    public static final int MSGC_MAIN_AGENT_START = 106;
    public static final int MSGC_MAIN_AGENT_DATA = 107;
    public static final int MSGC_MAIN_AGENT_TOKEN = 108;

    // Display, server -> client
    public static final int DISPLAY_MODE = 101;
    public static final int DISPLAY_MARK = 102;
    public static final int DISPLAY_RESET = 103;
    public static final int DISPLAY_COPY_BITS = 104;
    public static final int DISPLAY_INVAL_LIST = 105;
    public static final int DISPLAY_INVAL_ALL_PIXMAPS = 106;
    public static final int DISPLAY_INVAL_PALETTE = 107;
    public static final int DISPLAY_INVAL_ALL_PALETTES = 108;
    public static final int DISPLAY_STREAM_CREATE = 122;
    public static final int DISPLAY_STREAM_DATA = 123;
    public static final int DISPLAY_STREAM_CLIP = 124;
    public static final int DISPLAY_STREAM_DESTROY = 125;
    public static final int DISPLAY_STREAM_DESTROY_ALL = 126;
    public static final int DISPLAY_DRAW_FILL = 302;
    public static final int DISPLAY_DRAW_OPAQUE = 303;
    public static final int DISPLAY_DRAW_COPY = 304;
    public static final int DISPLAY_DRAW_BLEND = 305;
    public static final int DISPLAY_DRAW_BLACKNESS = 306;
    public static final int DISPLAY_DRAW_WHITENESS = 307;
    public static final int DISPLAY_DRAW_INVERS = 308;
    public static final int DISPLAY_DRAW_ROP3 = 309;
    public static final int DISPLAY_DRAW_STROKE = 310;
    public static final int DISPLAY_DRAW_TEXT = 311;
    public static final int DISPLAY_DRAW_TRANSPARENT = 312;
    public static final int DISPLAY_DRAW_ALPHA_BLEND = 313;
    public static final int DISPLAY_SURFACE_CREATE = 314;
    public static final int DISPLAY_SURFACE_DESTROY = 315;
    public static final int DISPLAY_STREAM_DATA_SIZED = 316;
    public static final int DISPLAY_MONITORS_CONFIG = 317;
    public static final int DISPLAY_DRAW_COMPOSITE = 318;
    public static final int DISPLAY_STREAM_ACTIVATE_REPORT = 319;

    // Cursor, server -> client
    public static final int CURSOR_INIT = 101;
    public static final int CURSOR_RESET = 102;
    public static final int CURSOR_SET = 103;
    public static final int CURSOR_MOVE = 104;
    public static final int CURSOR_HIDE = 105;
    public static final int CURSOR_TRAIL = 106;
    public static final int CURSOR_INVAL_ONE = 107;
    public static final int CURSOR_INVAL_ALL = 108;

    // Display, client -> server
    public static final int MSGC_DISPLAY_INIT = 101;
    public static final int MSGC_DISPLAY_STREAM_REPORT = 102;
    public static final int MSGC_DISPLAY_PREFERRED_COMPRESSION = 103;
    public static final int MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE = 105;
}
