package org.thinspice.engine.stats;

import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.display.Surface;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a session did: connect and first-frame times, bytes per channel, images and decode time
 * per image type. Thread-safe; {@link #toJson()} renders one JSON object.
 */
public final class SessionStats implements SpiceListener {
    private final long startNanos;
    private final AtomicLong connectMillis = new AtomicLong(-1);
    private final AtomicLong firstFrameMillis = new AtomicLong(-1);
    private final AtomicLong lastInvalidateNanos = new AtomicLong();
    private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    /** The counters of channels with ids below {@link #FAST_IDS}, found without building their key per read. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<LongAdder> byChannel =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(ChannelType.values().length * FAST_IDS);
    private static final int FAST_IDS = 8;
    private final Map<Integer, LongAdder> imageCount = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> imageNanos = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> imagePixels = new ConcurrentHashMap<>();
    private final LongAdder draws = new LongAdder();
    private final LongAdder streamsCreated = new LongAdder();
    private final LongAdder streamFramesReceived = new LongAdder();
    private final LongAdder streamBytes = new LongAdder();
    private final LongAdder streamFramesPresented = new LongAdder();
    private final Map<Integer, LongAdder> streamDecoded = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> streamDecodeNanos = new ConcurrentHashMap<>();
    private final Map<org.thinspice.engine.display.StreamDrop, LongAdder> streamDrops = new ConcurrentHashMap<>();

    public SessionStats(long startNanos) {
        this.startNanos = startNanos;
    }

    private long sinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    @Override
    public void onConnectStep(String step, long elapsedMillis) {
        if (step.equals("main-init")) {
            connectMillis.compareAndSet(-1, sinceStart());
        }
    }

    @Override
    public void onInvalidate(int channelId, Surface surface, int x, int y, int width, int height) {
        if (surface.isPrimary()) {
            firstFrameMillis.compareAndSet(-1, sinceStart());
            lastInvalidateNanos.set(System.nanoTime());
        }
    }

    @Override
    public void onBytesReceived(ChannelType type, int id, long n) {
        // Called for every read off every socket: a bulk USB transfer makes many, so no string per call.
        int slot = id >= 0 && id < FAST_IDS ? type.ordinal() * FAST_IDS + id : -1;
        LongAdder a = slot >= 0 ? byChannel.get(slot) : null;
        if (a == null) {
            a = bytes.computeIfAbsent(type.key() + (id == 0 ? "" : String.valueOf(id)), k -> new LongAdder());
            if (slot >= 0) {
                byChannel.set(slot, a);
            }
        }
        a.add(n);
    }

    @Override
    public void onImageDecoded(int imageType, int pixels, long nanos) {
        imageCount.computeIfAbsent(imageType, k -> new LongAdder()).increment();
        imageNanos.computeIfAbsent(imageType, k -> new LongAdder()).add(nanos);
        imagePixels.computeIfAbsent(imageType, k -> new LongAdder()).add(pixels);
    }

    @Override
    public void onDrawApplied(int channelId, int messageType) {
        draws.increment();
    }

    @Override
    public void onStreamCreated(int channelId, int streamId, int codec, int width, int height) {
        streamsCreated.increment();
    }

    @Override
    public void onStreamFrameReceived(int channelId, int streamId, int n) {
        streamFramesReceived.increment();
        streamBytes.add(n);
    }

    @Override
    public void onStreamFrameDecoded(int channelId, int codec, int pixels, long nanos) {
        streamDecoded.computeIfAbsent(codec, k -> new LongAdder()).increment();
        streamDecodeNanos.computeIfAbsent(codec, k -> new LongAdder()).add(nanos);
    }

    @Override
    public void onStreamFramePresented(int channelId, int streamId) {
        streamFramesPresented.increment();
    }

    @Override
    public void onStreamFrameDropped(int channelId, int streamId, org.thinspice.engine.display.StreamDrop reason) {
        streamDrops.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public long streamFramesReceived() {
        return streamFramesReceived.sum();
    }

    public long streamFramesPresented() {
        return streamFramesPresented.sum();
    }

    /** Stream frames decoded, all codecs. */
    public long streamFramesDecoded() {
        return streamDecoded.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Stream frames dropped, all reasons. */
    public long streamFramesDropped() {
        return streamDrops.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long streamFramesDropped(org.thinspice.engine.display.StreamDrop reason) {
        LongAdder a = streamDrops.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Video codec number to a readable name. */
    public static String codecName(int codec) {
        return switch (codec) {
            case 1 -> "mjpeg";
            case 2 -> "vp8";
            case 3 -> "h264";
            case 4 -> "vp9";
            case 5 -> "h265";
            default -> "codec" + codec;
        };
    }

    /** ms since start of the first change to a primary surface, or -1. */
    public long firstFrameMillis() {
        return firstFrameMillis.get();
    }

    public long connectMillis() {
        return connectMillis.get();
    }

    /** System.nanoTime() of the last change to a primary surface (0 if none). */
    public long lastInvalidateNanos() {
        return lastInvalidateNanos.get();
    }

    /** Images decoded of one SPICE image type. */
    public long imageCount(int imageType) {
        LongAdder a = imageCount.get(imageType);
        return a == null ? 0 : a.sum();
    }

    /** Images decoded of all types. */
    public long imageCount() {
        return imageCount.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long draws() {
        return draws.sum();
    }

    /** SPICE image type number to a readable name. */
    public static String imageTypeName(int type) {
        return switch (type) {
            case 0 -> "bitmap";
            case 1 -> "quic";
            case 100 -> "lz_plt";
            case 101 -> "lz_rgb";
            case 102 -> "glz_rgb";
            case 103 -> "from_cache";
            case 104 -> "surface";
            case 105 -> "jpeg";
            case 106 -> "from_cache_lossless";
            case 107 -> "zlib_glz_rgb";
            case 108 -> "jpeg_alpha";
            case 109 -> "lz4";
            default -> "type" + type;
        };
    }

    /** One JSON object (no line breaks) with every counter. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"connect_ms\":").append(connectMillis.get());
        sb.append(",\"first_frame_ms\":").append(firstFrameMillis.get());
        sb.append(",\"draws\":").append(draws.sum());
        sb.append(",\"bytes\":{");
        boolean first = true;
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(bytes).entrySet()) {
            sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue().sum());
            first = false;
        }
        sb.append("},\"images\":{");
        first = true;
        for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(imageCount).entrySet()) {
            int t = e.getKey();
            double ms = imageNanos.get(t).sum() / 1e6;
            sb.append(first ? "" : ",").append('"').append(imageTypeName(t)).append("\":{\"count\":")
                    .append(e.getValue().sum()).append(",\"pixels\":").append(imagePixels.get(t).sum())
                    .append(",\"decode_ms\":").append(String.format(java.util.Locale.ROOT, "%.3f", ms)).append('}');
            first = false;
        }
        sb.append("},\"streams\":{\"created\":").append(streamsCreated.sum())
                .append(",\"frames_received\":").append(streamFramesReceived.sum())
                .append(",\"bytes\":").append(streamBytes.sum())
                .append(",\"frames_decoded\":").append(streamFramesDecoded())
                .append(",\"frames_presented\":").append(streamFramesPresented.sum())
                .append(",\"frames_dropped\":").append(streamFramesDropped())
                .append(",\"drops\":{");
        first = true;
        for (org.thinspice.engine.display.StreamDrop d : org.thinspice.engine.display.StreamDrop.values()) {
            LongAdder a = streamDrops.get(d);
            if (a != null) {
                sb.append(first ? "" : ",").append('"').append(d.name().toLowerCase(java.util.Locale.ROOT))
                        .append("\":").append(a.sum());
                first = false;
            }
        }
        sb.append("},\"decode\":{");
        first = true;
        for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(streamDecoded).entrySet()) {
            double ms = streamDecodeNanos.get(e.getKey()).sum() / 1e6;
            sb.append(first ? "" : ",").append('"').append(codecName(e.getKey())).append("\":{\"count\":")
                    .append(e.getValue().sum()).append(",\"decode_ms\":")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", ms)).append('}');
            first = false;
        }
        sb.append("}}}");
        return sb.toString();
    }
}
