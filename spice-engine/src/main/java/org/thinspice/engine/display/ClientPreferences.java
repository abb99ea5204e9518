package org.thinspice.engine.display;

import org.thinspice.engine.ConnectionProfile;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.link.Caps;

import org.thinspice.engine.video.VideoCodec;

import java.util.ArrayList;
import java.util.Collection;
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
        return messages(resolved, serverCaps, null, List.of(VideoCodec.MJPEG));
    }

    /**
     * @param preferred the configured codec order, or null for none
     * @param decodable the codecs this client announced; codecs outside it are left out of the order
     */
    public static List<OutgoingMessage> messages(ConnectionProfile resolved, Caps serverCaps, List<VideoCodec> preferred,
                                                 Collection<VideoCodec> decodable) {
        List<OutgoingMessage> out = new ArrayList<>(2);
        boolean profiled = resolved != ConnectionProfile.SERVER && resolved != ConnectionProfile.AUTO;
        if (profiled && serverCaps.has(CAP_PREF_COMPRESSION)) {
            out.add(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_PREFERRED_COMPRESSION,
                    new byte[] {(byte) compression(resolved)}));
        }
        if (!serverCaps.has(CAP_PREF_VIDEO_CODEC_TYPE)) {
            return out;
        }
        List<VideoCodec> order = new ArrayList<>();
        if (preferred != null) {
            for (VideoCodec c : preferred) {
                if (decodable.contains(c)) {
                    order.add(c);
                }
            }
        }
        if (order.isEmpty() && (preferred != null || profiled)) {
            order.add(VideoCodec.MJPEG); // the one codec every client here decodes
        }
        if (!order.isEmpty()) {
            out.add(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE, codecOrder(order)));
        }
        return out;
    }

    /** SpiceMsgcDisplayPreferredVideoCodecType: u8 count, then the codec numbers, most wanted first. */
    static byte[] codecOrder(List<VideoCodec> order) {
        byte[] b = new byte[1 + order.size()];
        b[0] = (byte) order.size();
        for (int i = 0; i < order.size(); i++) {
            b[1 + i] = (byte) order.get(i).type();
        }
        return b;
    }
}
