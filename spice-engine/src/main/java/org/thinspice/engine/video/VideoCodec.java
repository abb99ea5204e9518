package org.thinspice.engine.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The stream codecs of SPICE (spice/enums.h SpiceVideoCodecType) with the display capability that announces
 * each (spice/protocol.h) and, for those GStreamer decodes, the appsrc caps and the decoder chains tried in
 * order: a VA-API element first (used when the registry has it), then the software one.
 */
public enum VideoCodec {
    MJPEG(1, 9, "mjpeg", null, List.of()),
    VP8(2, 10, "vp8", "video/x-vp8", List.of("vavp8dec", "vaapivp8dec", "vp8dec")),
    // spice-server sends Annex-B with one access unit per message; alignment=au lets h264parse pass each
    // frame on at once instead of holding it until the next one arrives.
    H264(3, 11, "h264", "video/x-h264,stream-format=byte-stream,alignment=au",
            List.of("h264parse ! vah264dec", "h264parse ! vaapih264dec", "h264parse ! avdec_h264")),
    VP9(4, 13, "vp9", "video/x-vp9", List.of("vavp9dec", "vaapivp9dec", "vp9dec"));

    /** Display capability MULTI_CODEC: the client reads the codec field of STREAM_CREATE. */
    public static final int CAP_MULTI_CODEC = 8;

    private final int type;
    private final int capability;
    private final String label;
    private final String caps;
    private final List<String> chains;

    VideoCodec(int type, int capability, String label, String caps, List<String> chains) {
        this.type = type;
        this.capability = capability;
        this.label = label;
        this.caps = caps;
        this.chains = chains;
    }

    /** SpiceVideoCodecType number on the wire. */
    public int type() {
        return type;
    }

    /** The display channel capability a client announces when it decodes this codec. */
    public int capability() {
        return capability;
    }

    /** Lower-case name as in spice-server's codec lists and on the command line. */
    public String label() {
        return label;
    }

    /** appsrc caps, null for MJPEG (decoded by TurboJPEG or Java, not GStreamer). */
    String caps() {
        return caps;
    }

    /** Decoder chains ({@code gst-launch} syntax, parser included) tried in order; the last element decodes. */
    List<String> chains() {
        return chains;
    }

    /** The codec with this wire number, or null. */
    public static VideoCodec ofType(int type) {
        for (VideoCodec c : values()) {
            if (c.type == type) {
                return c;
            }
        }
        return null;
    }

    /** {@code vp8,h264,mjpeg} → that list, in order, duplicates removed. */
    public static List<VideoCodec> parseList(String text) {
        List<VideoCodec> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            VideoCodec found = null;
            for (VideoCodec c : values()) {
                if (c.label.equals(p)) {
                    found = c;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown video codec '" + part.trim()
                        + "' (mjpeg, vp8, vp9 or h264)");
            }
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no video codec in '" + text + "'");
        }
        return List.copyOf(out);
    }
}
