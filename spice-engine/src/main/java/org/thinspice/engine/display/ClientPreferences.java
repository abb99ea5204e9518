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
    public static final int COMPRESSION_LZ = 6;
    public static final int COMPRESSION_LZ4 = 7;

    private ClientPreferences() {
    }

    /** SpiceImageCompression names, by value (0 = invalid). */
    private static final List<String> COMPRESSION_NAMES =
            List.of("", "off", "auto_glz", "auto_lz", "quic", "glz", "lz", "lz4");

    /**
     * The image compression a resolved profile (LAN or WAN) asks for: LZ on LAN (measured by {@code bench profiles}
     * 2026-12-07: on the scrolling text 153 KB and 3.1 ms of decoding per full-screen update against LZ4's 322 KB and
     * 3.9 ms; on the animation's images 62 ms for 5.3 MPixel of LZ against 332 ms for 4.5 MPixel of QUIC, which auto_lz
     * picks for photo-like images and which this client decodes in Java — LZ4 was the largest and not the cheapest),
     * auto_glz on WAN (the server adds zlib and JPEG on a slow link, which it does not for LZ). The system property
     * {@code thinspice.display.compression=off|auto_glz|auto_lz|quic|glz|lz|lz4} overrides it for both (a measurement
     * knob of {@code bench profiles}).
     */
    public static int compression(ConnectionProfile resolved) {
        String forced = System.getProperty("thinspice.display.compression");
        if (forced != null && !forced.isBlank()) {
            int i = COMPRESSION_NAMES.indexOf(forced.trim().toLowerCase(java.util.Locale.ROOT));
            if (i <= 0) {
                throw new IllegalArgumentException("thinspice.display.compression must be one of "
                        + COMPRESSION_NAMES.subList(1, COMPRESSION_NAMES.size()) + ", not '" + forced + "'");
            }
            return i;
        }
        return resolved == ConnectionProfile.WAN ? COMPRESSION_AUTO_GLZ : COMPRESSION_LZ;
    }

    /**
     * The video codec order a resolved profile asks for when none is configured, most wanted first (codecs this client
     * cannot decode are left out when the message is made). Chosen from {@code bench profiles} (docs/engine.md,
     * 2026-12-07): on the tiny guest's animation H.264 gave 36.4–36.8 dB PSNR at 3.0–3.3 KB a frame, MJPEG 22.8–23.3 dB at
     * 21.5 KB and VP8 22.5–23.0 dB at 1.7–1.9 KB, while software H.264 took 1.3–2× MJPEG's client CPU (TurboJPEG).
     * <ul>
     *   <li>WAN: bytes and picture first — H.264, then VP8 (a ninth of MJPEG's bytes at MJPEG's PSNR), then MJPEG;</li>
     *   <li>LAN: client CPU first — MJPEG, the cheapest to decode, unless H.264 is decoded in hardware
     *       ({@code hardware} holds it: a VA-API decoder), then H.264 first for its picture.</li>
     * </ul>
     */
    public static List<VideoCodec> codecs(ConnectionProfile resolved, Collection<VideoCodec> hardware) {
        if (resolved == ConnectionProfile.WAN) {
            return WAN_CODECS;
        }
        return hardware.contains(VideoCodec.H264) ? LAN_CODECS_HARDWARE_H264 : LAN_CODECS;
    }

    /** {@link #codecs(ConnectionProfile, Collection)} with no hardware decoder. */
    public static List<VideoCodec> codecs(ConnectionProfile resolved) {
        return codecs(resolved, List.of());
    }

    static final List<VideoCodec> LAN_CODECS = List.of(VideoCodec.MJPEG);
    static final List<VideoCodec> LAN_CODECS_HARDWARE_H264 = List.of(VideoCodec.H264, VideoCodec.MJPEG);
    static final List<VideoCodec> WAN_CODECS = List.of(VideoCodec.H264, VideoCodec.VP8, VideoCodec.MJPEG);

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
        return messages(resolved, serverCaps, preferred, decodable, List.of());
    }

    /** @param hardware the decodable codecs whose decoder is a hardware (VA-API) one */
    public static List<OutgoingMessage> messages(ConnectionProfile resolved, Caps serverCaps, List<VideoCodec> preferred,
                                                 Collection<VideoCodec> decodable, Collection<VideoCodec> hardware) {
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
        List<VideoCodec> wanted = preferred != null ? preferred : profiled ? codecs(resolved, hardware) : null;
        if (wanted != null) {
            for (VideoCodec c : wanted) {
                if (decodable.contains(c)) {
                    order.add(c);
                }
            }
        }
        if (order.isEmpty() && wanted != null) {
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
