package org.thinspice.engine.display;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.image.PaletteCache;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.video.VideoCodec;
import org.thinspice.engine.video.VideoDecoders;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A display channel: its surfaces, and the draw messages applied to them. Runs on the channel's
 * event-loop thread; the application reads surfaces under their lock.
 */
public final class DisplayChannel implements ChannelLogic {
    public static final int CAP_SIZED_STREAM = 0;
    public static final int CAP_MONITORS_CONFIG = 1;
    public static final int CAP_STREAM_REPORT = 4;
    public static final int CAP_LZ4_COMPRESSION = 5;
    public static final int CAP_COMPOSITE = 2;
    public static final int CAP_A8_SURFACE = 3;
    public static final int CAP_MULTI_CODEC = 8;
    public static final int CAP_CODEC_MJPEG = 9;
    private static final int SURFACE_FLAG_PRIMARY = 1;
    private static final int INVAL_TYPE_PIXMAP = 1;

    private final int channelId;
    private final SpiceListener listener;
    private final PixmapCache pixmaps;
    private final GlzWindow glzWindow;
    private final long glzWindowPixels;
    private final PaletteCache palettes = new PaletteCache();
    private final Map<Integer, Surface> surfaces = new HashMap<>();
    private final ImageResolver images;
    private final DrawHandler draws;
    private final StreamManager streams;
    private final java.util.function.Supplier<org.thinspice.engine.ConnectionProfile> profile;
    private java.util.concurrent.ScheduledExecutorService loop;
    private List<VideoCodec> videoCodecs;
    private VideoDecoders decoders;
    /** The server's display caps until the preferences were sent. */
    private Caps serverCaps;
    private volatile Surface primary;
    private volatile List<Head> heads = List.of();
    /** Pixels of all surfaces held, against {@link Limits#MAX_SURFACE_PIXELS_TOTAL}. */
    private long surfacePixels;

    public DisplayChannel(int channelId, SpiceListener listener, PixmapCache pixmaps, GlzWindow glzWindow,
                          long glzWindowPixels) {
        this(channelId, listener, pixmaps, glzWindow, glzWindowPixels,
                new org.thinspice.engine.channel.MultimediaClock(System::nanoTime),
                () -> org.thinspice.engine.ConnectionProfile.LAN);
    }

    /**
     * @param clock   the session's multimedia clock, against which video frames are scheduled
     * @param profile the resolved connection profile (LAN or WAN) at link time, for the preferences sent
     */
    public DisplayChannel(int channelId, SpiceListener listener, PixmapCache pixmaps, GlzWindow glzWindow,
                          long glzWindowPixels, org.thinspice.engine.channel.MultimediaClock clock,
                          java.util.function.Supplier<org.thinspice.engine.ConnectionProfile> profile) {
        this.profile = profile;
        this.streams = new StreamManager(channelId, listener, surfaces::get, clock::now, System::nanoTime,
                this::schedule);
        this.streams.setAudioDelay(clock::audioDelay);
        this.channelId = channelId;
        this.listener = listener;
        this.pixmaps = pixmaps;
        this.glzWindow = glzWindow;
        this.glzWindowPixels = glzWindowPixels;
        this.images = new ImageResolver(pixmaps, glzWindow, palettes, surfaces::get, listener);
        this.draws = new DrawHandler(channelId, listener, images, surfaces::get);
    }

    /** The codec order to ask the server for (null: the profile's default); set before the channel links. */
    public void setVideoCodecs(List<VideoCodec> order) {
        this.videoCodecs = order;
    }

    /** The stream decoders to announce and use (default: those found at start-up); set before the channel links. */
    public void setDecoders(VideoDecoders decoders) {
        this.decoders = decoders;
        streams.setDecoders(decoders);
    }

    private VideoDecoders decoders() {
        if (decoders == null) {
            setDecoders(VideoDecoders.get());
        }
        return decoders;
    }

    /** "codec: decoder" of the newest stream (e.g. {@code vp8: vp8dec}), or null before any stream. */
    public String streamDecoder() {
        return streams.lastDecoder();
    }

    @Override
    public Caps channelCaps() {
        // The video codecs announced are those with a decoder here (MJPEG always; VP8/VP9/H.264 when GStreamer
        // has one); LZ4 images are decoded too.
        // COMPOSITE lets an X guest driver send Render composites (CompositeDraw); A8_SURFACE is not
        // offered: alpha-only surfaces are not modelled.
        List<VideoCodec> codecs = decoders().codecs();
        int[] caps = new int[6 + codecs.size()];
        int n = 0;
        for (int c : new int[] {CAP_SIZED_STREAM, CAP_MONITORS_CONFIG, CAP_COMPOSITE, CAP_STREAM_REPORT,
                CAP_LZ4_COMPRESSION, CAP_MULTI_CODEC}) {
            caps[n++] = c;
        }
        for (VideoCodec c : codecs) {
            caps[n++] = c.capability();
        }
        return Caps.of(caps);
    }

    @Override
    public void attach(java.util.concurrent.Executor eventLoop) {
        if (eventLoop instanceof java.util.concurrent.ScheduledExecutorService s) {
            loop = s;
        }
    }

    /** Video frame timers run on this channel's event loop (at once when there is none, as in tests). */
    private Runnable schedule(Runnable task, long delayMillis) {
        java.util.concurrent.ScheduledExecutorService l = loop;
        if (l == null) {
            task.run();
            return () -> { };
        }
        java.util.concurrent.ScheduledFuture<?> f = l.schedule(task, delayMillis,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void onLinked(LinkReply reply, Outbox out) {
        WireWriter w = new WireWriter(14);
        w.u8(1).u64(pixmaps.maxPixels()).u8(1).u32(glzWindowPixels);
        out.send(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_INIT, w.toByteArray()));
        serverCaps = reply.channelCaps();
    }

    /**
     * Preferences go out with the reply to the server's first display message, not right after INIT:
     * spice-server 0.15.1 reads whatever follows INIT while it is still setting the client up, and a
     * PREFERRED_VIDEO_CODEC_TYPE handled then, with a stream running, crashes its worker (segfault, seen
     * here through a relay that merged the three messages into one read).
     */
    private void sendPreferencesOnce(Outbox out) {
        Caps caps = serverCaps;
        if (caps != null) {
            serverCaps = null;
            VideoDecoders d = decoders();
            List<org.thinspice.engine.video.VideoCodec> hardware = d.codecs().stream()
                    .filter(c -> String.valueOf(d.decoderFor(c)).startsWith("va")).toList();
            ClientPreferences.messages(profile.get(), caps, videoCodecs, d.codecs(), hardware).forEach(out::send);
        }
    }

    public int channelId() {
        return channelId;
    }

    /** The primary surface (the screen), or null before the server created it. */
    public Surface primary() {
        return primary;
    }

    public Surface surface(int id) {
        return surfaces.get(id);
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox out) throws SpiceException {
        sendPreferencesOnce(out);
        WireReader r = m.reader();
        switch (m.type()) {
            case MessageTypes.DISPLAY_SURFACE_CREATE -> createSurface(r);
            case MessageTypes.DISPLAY_SURFACE_DESTROY -> destroySurface((int) r.u32());
            case MessageTypes.DISPLAY_MODE -> {
                long x = r.u32();
                long y = r.u32();
                checkRoom(0, x, y);
                putSurface(new Surface(0, (int) x, (int) y, Surface.FMT_32_XRGB, true));
            }
            case MessageTypes.DISPLAY_MARK -> listener.onDisplayMark(channelId);
            case MessageTypes.DISPLAY_RESET -> palettes.clear();
            case MessageTypes.DISPLAY_INVAL_LIST -> {
                int n = r.u16();
                for (int i = 0; i < n; i++) {
                    int type = r.u8();
                    long id = r.i64();
                    if (type == INVAL_TYPE_PIXMAP) {
                        pixmaps.remove(id);
                    }
                }
            }
            case MessageTypes.DISPLAY_INVAL_ALL_PIXMAPS -> pixmaps.clear();
            case MessageTypes.DISPLAY_INVAL_PALETTE -> palettes.remove(r.i64());
            case MessageTypes.DISPLAY_INVAL_ALL_PALETTES -> palettes.clear();
            case MessageTypes.DISPLAY_MONITORS_CONFIG -> monitorsConfig(r);
            default -> {
                if (StreamManager.handles(m.type())) {
                    streams.handle(m.type(), r, out);
                } else {
                    draws.handle(m.type(), r);
                }
            }
        }
    }

    /** u16 count, u16 max_allowed, count x Head; count 0 means "ignore" (spice-gtk). */
    private void monitorsConfig(WireReader r) throws SpiceException {
        int count = r.u16();
        int maxAllowed = r.u16();
        if (count == 0) {
            return;
        }
        if (count > Limits.MAX_HEADS || 28L * count > r.remaining()) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED, "monitors config of " + count + " heads");
        }
        List<Head> list = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int monitorId = (int) r.u32();
            int surfaceId = (int) r.u32();
            int width = r.u32Max(Limits.MAX_DIMENSION, "head width");
            int height = r.u32Max(Limits.MAX_DIMENSION, "head height");
            int x = r.u32Max(Integer.MAX_VALUE, "head x");
            int y = r.u32Max(Integer.MAX_VALUE, "head y");
            int flags = (int) r.u32();
            list.add(new Head(monitorId, surfaceId, x, y, width, height, flags));
        }
        heads = List.copyOf(list);
        listener.onMonitorsConfig(channelId, heads, Math.max(1, Math.min(maxAllowed, Limits.MAX_HEADS)));
    }

    /** The heads of the last MONITORS_CONFIG (empty before one arrived). */
    public List<Head> heads() {
        return heads;
    }

    private void createSurface(WireReader r) throws SpiceException {
        int id = (int) r.u32();
        long width = r.u32();
        long height = r.u32();
        int format = (int) r.u32();
        long flags = r.u32();
        checkRoom(id, width, height);
        putSurface(new Surface(id, (int) width, (int) height, format, (flags & SURFACE_FLAG_PRIMARY) != 0));
    }

    /** Surface {@code id} of this size keeps this channel within its surface caps. */
    private void checkRoom(int id, long width, long height) throws SpiceException {
        long pixels = Limits.checkedPixels(width, height);
        if (!surfaces.containsKey(id) && surfaces.size() >= Limits.MAX_SURFACES) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED, "more than " + Limits.MAX_SURFACES
                    + " surfaces");
        }
        Surface replaced = surfaces.get(id);
        long total = surfacePixels - (replaced == null ? 0 : (long) replaced.width() * replaced.height()) + pixels;
        if (total > Limits.MAX_SURFACE_PIXELS_TOTAL) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED, "surfaces of " + total + " pixels together exceed "
                    + Limits.MAX_SURFACE_PIXELS_TOTAL);
        }
    }

    private void putSurface(Surface s) {
        Surface old = surfaces.put(s.id(), s);
        surfacePixels += (long) s.width() * s.height();
        if (old != null) {
            surfacePixels -= (long) old.width() * old.height();
            listener.onSurfaceDestroyed(channelId, old);
        }
        if (s.isPrimary()) {
            synchronized (s.lock()) {
                java.util.Arrays.fill(s.pixels(), 0xFF000000);
            }
            primary = s;
        }
        listener.onSurfaceCreated(channelId, s);
    }

    private void destroySurface(int id) {
        Surface s = surfaces.remove(id);
        if (s != null) {
            surfacePixels -= (long) s.width() * s.height();
            if (s == primary) {
                primary = null;
            }
            listener.onSurfaceDestroyed(channelId, s);
        }
    }

    @Override
    public void onClosed() {
        // Surfaces stay readable for the application (last picture); caches belong to the session.
        streams.close();
    }

    List<Surface> surfaces() {
        return List.copyOf(surfaces.values());
    }
}
