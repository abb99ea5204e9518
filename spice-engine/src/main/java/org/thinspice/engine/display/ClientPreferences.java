package org.thinspice.engine.display;

import org.thinspice.engine.ConnectionProfile;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.link.Caps;

import java.util.ArrayList;
import java.util.List;

/**
 * The display preferences this client sends after INIT for a connection profile: PREFERRED_COMPRESSION and
 * PREFERRED_VIDEO_CODEC_TYPE, each only when the server's display caps say it understands the message.
 */
public final class ClientPreferences {
    /** Server display caps (spice/protocol.h). */
    public static final int CAP_PREF_COMPRESSION = 6;
    public static final int CAP_PREF_VIDEO_CODEC_TYPE = 12;
    /** SpiceImageCompression values. */
    public static final int COMPRESSION_AUTO_GLZ = 2;
    public static final int COMPRESSION_AUTO_LZ = 3;
    public static final int COMPRESSION_LZ4 = 7;

    private ClientPreferences() {
    }

    /** The image compression a resolved profile (LAN or WAN) asks for. */
    public static int compression(ConnectionProfile resolved) {
        return resolved == ConnectionProfile.WAN ? COMPRESSION_AUTO_GLZ : COMPRESSION_LZ4;
    }

    /** The messages for {@code resolved} (LAN or WAN; none for SERVER) given the server's display channel caps. */
    public static List<OutgoingMessage> messages(ConnectionProfile resolved, Caps serverCaps) {
        List<OutgoingMessage> out = new ArrayList<>(2);
        if (resolved == ConnectionProfile.SERVER || resolved == ConnectionProfile.AUTO) {
            return out; // the server's configuration stands (AUTO reaches here only unresolved)
        }
        if (serverCaps.has(CAP_PREF_COMPRESSION)) {
            out.add(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_PREFERRED_COMPRESSION,
                    new byte[] {(byte) compression(resolved)}));
        }
        if (serverCaps.has(CAP_PREF_VIDEO_CODEC_TYPE)) {
            // MJPEG is the one codec this client decodes, for both profiles.
            out.add(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE,
                    new byte[] {1, (byte) StreamManager.CODEC_MJPEG}));
        }
        return out;
    }
}
