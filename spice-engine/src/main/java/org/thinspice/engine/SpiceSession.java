package org.thinspice.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.thinspice.engine.channel.ChannelCore;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.MainChannel;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.SpiceChannelHandler;
import org.thinspice.engine.cursor.CursorChannel;
import org.thinspice.engine.display.DisplayChannel;
import org.thinspice.engine.display.PixmapCache;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.net.ChannelConnector;
import org.thinspice.engine.net.IoTransport;
import org.thinspice.engine.net.FrameDecoder;
import org.thinspice.engine.net.MessageEncoder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One connection to a SPICE server: the main channel and the channels it lists, plus the
 * session-wide caches (pixmap cache, GLZ window) and the multimedia clock.
 *
 * <pre>
 * SpiceSession s = SpiceSession.connect(options, listener).get();
 * ... listener.onInvalidate(...) tells what changed; s.primarySurface() holds the screen ...
 * s.close();
 * </pre>
 */
public final class SpiceSession implements AutoCloseable {
    /** Pixels the server may keep in this client's image cache (80 MiB of ARGB, as spice-gtk). */
    public static final long PIXMAP_CACHE_PIXELS = 20L << 20;
    /** Pixels of the GLZ dictionary window (32 MiB of ARGB). */
    public static final long GLZ_WINDOW_PIXELS = 8L << 20;

    private final SpiceConnectOptions options;
    private final SpiceListener listener;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final ChannelConnector connector;
    private final long startNanos = System.nanoTime();
    private final MultimediaClock clock = new MultimediaClock(System::nanoTime);
    private final PixmapCache pixmaps = new PixmapCache(PIXMAP_CACHE_PIXELS);
    /** Zero wait: a GLZ reference to a not-yet-decoded image fails at once rather than block an event loop. */
    private final GlzWindow glzWindow = new GlzWindow(GLZ_WINDOW_PIXELS, Duration.ZERO);
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<Integer, DisplayChannel> displays = new ConcurrentHashMap<>();
    private final Map<Integer, CursorChannel> cursors = new ConcurrentHashMap<>();
    private final Map<Integer, org.thinspice.engine.usbredir.UsbredirChannel> usbredirs = new ConcurrentHashMap<>();
    private final Map<Integer, org.thinspice.engine.smartcard.SmartcardChannel> smartcards = new ConcurrentHashMap<>();
    /**
     * Per secondary channel: completes once the server has taken the channel on (its first message arrived), or
     * the channel failed or closed. {@link #close()} waits for these before it closes the main channel: spice-server
     * 0.15 crashes (NULL dereference in its display worker) when the main channel goes while another channel's
     * client is still being created.
     */
    private final Map<String, CompletableFuture<Void>> settled = new ConcurrentHashMap<>();
    /** The main channel's open, until it completes: {@link #close()} cancels it when it is still linking. */
    private volatile CompletableFuture<Channel> mainOpen;
    /** Set once {@link #close()} has waited for the channels to settle: a channel linking later closes itself. */
    private volatile boolean swept;
    /** Channels already reported closed with an error, so their close is not reported a second time. */
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<SpiceSession> ready = new CompletableFuture<>();
    private final MainChannel main;
    private final org.thinspice.engine.inputs.InputsChannel inputs;
    private volatile boolean inputsOpened;
    private final Map<Integer, org.thinspice.engine.audio.PlaybackChannel> playbacks = new ConcurrentHashMap<>();
    private final Map<Integer, org.thinspice.engine.audio.RecordChannel> records = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile boolean ended;
    private volatile long sessionId;

    private SpiceSession(SpiceConnectOptions options, SpiceListener listener, EventLoopGroup group, boolean ownGroup)
            throws SpiceException {
        this.options = options;
        this.listener = listener;
        this.group = group;
        this.ownGroup = ownGroup;
        this.connector = new ChannelConnector(options, group);
        this.main = new MainChannel(new MainEvents(), listener, clock,
                new org.thinspice.engine.agent.AgentClient(options.clipboardPolicy()));
        this.inputs = new org.thinspice.engine.inputs.InputsChannel(listener::onGuestLocks);
    }

    /** Connects with a private event loop group that {@link #close()} shuts down. */
    public static CompletableFuture<SpiceSession> connect(SpiceConnectOptions options, SpiceListener listener) {
        return connect(options, listener, null);
    }

    /**
     * Connects; the future completes once the main channel is linked and the server's INIT arrived.
     * Display and other channels follow; watch the listener. Cancelling the future closes the session.
     */
    public static CompletableFuture<SpiceSession> connect(SpiceConnectOptions options, SpiceListener listener,
                                                          EventLoopGroup group) {
        // The first look for video decoders loads GStreamer's registry (seconds on a slow terminal): start it now,
        // beside the link, so the display channel's caps do not stall an event loop waiting for it.
        org.thinspice.engine.video.VideoDecoders.warmUp();
        boolean own = group == null;
        EventLoopGroup g = own ? new MultiThreadIoEventLoopGroup(2, IoTransport.handlers()) : group;
        SpiceSession s;
        try {
            s = new SpiceSession(options, listener == null ? new SpiceListener() { } : listener, g, own);
        } catch (SpiceException e) {
            if (own) {
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            return CompletableFuture.failedFuture(e);
        }
        s.openChannel(ChannelType.MAIN, 0, 0, s.main);
        s.ready.whenComplete((x, err) -> {
            if (err instanceof java.util.concurrent.CancellationException) {
                // the caller gave up waiting: nobody else holds this session to close it
                CompletableFuture.runAsync(s::close);
            }
        });
        return s.ready;
    }

    public SpiceConnectOptions options() {
        return options;
    }

    public long sessionId() {
        return sessionId;
    }

    public MultimediaClock clock() {
        return clock;
    }

    public MainChannel mainChannel() {
        return main;
    }

    /** Keyboard and mouse towards the guest (dropped until the inputs channel is linked). */
    public org.thinspice.engine.inputs.SpiceInput input() {
        return inputs;
    }

    /** The guest agent: clipboard (under the connection's policy) and monitor layout. */
    public org.thinspice.engine.agent.AgentClient agent() {
        return main.agent();
    }

    /** The current mouse mode: {@link MainChannel#MOUSE_MODE_CLIENT} (absolute) or server (relative). */
    public int mouseMode() {
        return main.mouseMode();
    }

    /** The display channel with this id, or null. */
    public DisplayChannel display(int id) {
        return displays.get(id);
    }

    /** The ids of the display channels the server listed (one per QXL device / head group). */
    public java.util.Set<Integer> displayIds() {
        return java.util.Set.copyOf(displays.keySet());
    }

    /** The primary surface of display channel 0, or null before it exists. */
    public Surface primarySurface() {
        DisplayChannel d = displays.get(0);
        return d == null ? null : d.primary();
    }

    /**
     * Which decoder the newest video stream on display channel 0 got ("vp8: vp8dec", "h264: vah264dec",
     * "mjpeg: turbojpeg"), or null before any stream; for the diagnostics screen.
     */
    public String streamDecoder() {
        DisplayChannel d = displays.get(0);
        return d == null ? null : d.streamDecoder();
    }

    /** The video decoders this client found at start-up, one line per codec (for the diagnostics screen). */
    public static String videoDecoders() {
        return org.thinspice.engine.video.VideoDecoders.get().description();
    }

    /** The connection profile, AUTO decided by the bandwidth measured during the server's link test. */
    public ConnectionProfile resolvedProfile() {
        return options.profile().resolve(main.netTest().bitsPerSecond());
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    private void openChannel(ChannelType type, int id, long connectionId, ChannelLogic logic) {
        if (closing) {
            return;
        }
        String key = type.key() + id;
        CompletableFuture<Void> taken = new CompletableFuture<>();
        if (type != ChannelType.MAIN) {
            settled.put(key, taken);
        }
        ChannelCore core = new ChannelCore(logic, listener);
        SpiceChannelHandler handler = new SpiceChannelHandler(core, e -> {
            failed.add(key);
            channelFailed(type, id, e);
        });
        ChannelConnector.DataStage stage = (ChannelPipeline p, LinkReply reply, boolean mini) -> {
            p.addLast("frames", new FrameDecoder(mini));
            p.addLast("first-message", new FirstMessage(taken));
            p.addLast("encoder", new MessageEncoder(mini));
            p.addLast("spice", handler);
            try {
                logic.attach(p.channel().eventLoop());
                logic.attachCloser(() -> p.channel().close());
                logic.onLinked(reply, handler.outbox());
            } catch (SpiceException e) {
                failed.add(key);
                channelFailed(type, id, e);
                p.channel().close();
            }
        };
        CompletableFuture<Channel> opening = connector.open(type, id, connectionId, logic.channelCaps(), stage,
                n -> listener.onBytesReceived(type, id, n));
        if (type == ChannelType.MAIN) {
            mainOpen = opening;
        }
        opening.whenComplete((ch, err) -> {
            if (err != null) {
                taken.complete(null);
                if (closing) {
                    return; // called off by close()
                }
                SpiceException e = asSpice(err);
                listener.onChannelClosed(type, id, e);
                if (type == ChannelType.MAIN) {
                    end(e);
                }
                return;
            }
            ch.closeFuture().addListener(f -> taken.complete(null));
            if (swept) {
                ch.close();
                return;
            }
            channels.put(key, ch);
            if (swept) {
                // close() swept the channels while this one was being added
                ch.close();
            }
            if (closing) {
                return;
            }
            listener.onConnectStep(key + "-linked", elapsedMillis());
            listener.onChannelOpened(type, id);
            ch.closeFuture().addListener(f -> {
                channels.remove(key);
                if (closing || failed.remove(key)) {
                    return;
                }
                // The server closed the channel: not an orderly close this client asked for.
                SpiceException why = core.serverDisconnect() != null ? core.serverDisconnect()
                        : new SpiceException(SpiceReason.CONNECTION_LOST, type.key() + " channel closed");
                if (type == ChannelType.MAIN) {
                    end(why);
                } else {
                    listener.onChannelClosed(type, id, why);
                }
            });
        });
    }

    private void channelFailed(ChannelType type, int id, SpiceException e) {
        listener.onChannelClosed(type, id, e);
        if (type == ChannelType.MAIN) {
            end(e);
        }
    }

    private static SpiceException asSpice(Throwable t) {
        Throwable c = t;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof SpiceException se ? se
                : new SpiceException(SpiceReason.CONNECTION_LOST, String.valueOf(c.getMessage()), c);
    }

    private synchronized void end(SpiceException cause) {
        if (ended) {
            return;
        }
        ended = true;
        if (!ready.isDone()) {
            ready.completeExceptionally(cause);
        }
        closeChannels();
        listener.onDisconnected(cause);
        releaseGroup();
    }

    /** After the main channel is gone: nothing to protect, every channel closes at once (and any still linking). */
    private void closeChannels() {
        closing = true;
        swept = true;
        for (Channel ch : List.copyOf(channels.values())) {
            ch.close();
        }
    }

    private void releaseGroup() {
        if (ownGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * Closes every channel, the main channel last and only once the server has taken on every other channel that
     * was linking (at most {@link #SETTLE_WAIT}); the listener hears {@code onDisconnected(null)}.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        closing = true;
        ready.cancel(false); // a connect still under way is called off
        CompletableFuture<Channel> m = mainOpen;
        if (m != null && !m.isDone()) {
            m.cancel(false);
        }
        try {
            CompletableFuture.allOf(settled.values().toArray(CompletableFuture[]::new))
                    .get(SETTLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // close anyway: a server that does not answer in time is not waited for longer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        swept = true;
        Channel mainChannel = channels.get(ChannelType.MAIN.key() + 0);
        for (Channel ch : List.copyOf(channels.values())) {
            if (ch != mainChannel) {
                ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        if (mainChannel != null) {
            mainChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        listener.onDisconnected(null);
        releaseGroup();
    }

    /** How long {@link #close()} waits for linking channels to be taken on by the server. */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(3);

    /** Completes a future at the channel's first message from the server, then steps out of the pipeline. */
    private static final class FirstMessage extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final CompletableFuture<Void> taken;

        FirstMessage(CompletableFuture<Void> taken) {
            this.taken = taken;
        }

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            taken.complete(null);
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
        }
    }

    private void openUsbredir(int id) {
        org.thinspice.engine.usbredir.UsbredirStream stream = options.usbredirStreams().forChannel(id);
        if (stream != null) {
            org.thinspice.engine.usbredir.UsbredirChannel u = new org.thinspice.engine.usbredir.UsbredirChannel(id, stream);
            usbredirs.put(id, u);
            openChannel(ChannelType.USBREDIR, id, sessionId, u);
        }
    }

    /** The usbredir channel with this id, or null when the server did not list it or no stream serves it. */
    public org.thinspice.engine.usbredir.UsbredirChannel usbredir(int id) {
        return usbredirs.get(id);
    }

    private void openSmartcard(int id) {
        org.thinspice.engine.smartcard.SmartcardReader reader = options.smartcardReaders().forChannel(id);
        if (reader != null) {
            org.thinspice.engine.smartcard.SmartcardChannel c = new org.thinspice.engine.smartcard.SmartcardChannel(id, reader);
            smartcards.put(id, c);
            openChannel(ChannelType.SMARTCARD, id, sessionId, c);
        }
    }

    /**
     * The smartcard channel with this id, or null when the server did not list it, the policy does not share the
     * card or no reader serves it.
     */
    public org.thinspice.engine.smartcard.SmartcardChannel smartcard(int id) {
        return smartcards.get(id);
    }

    private boolean sharesSmartcard() {
        return options.smartcardPolicy() == org.thinspice.engine.smartcard.SmartcardPolicy.SHARE
                && options.smartcardReaders() != null && !options.isDisabled(ChannelType.SMARTCARD);
    }

    /** The playback channel with this id, or null when none was opened (no sink, or the server lists none). */
    public org.thinspice.engine.audio.PlaybackChannel playback(int id) {
        return playbacks.get(id);
    }

    /** The record channel with this id, or null when none was opened (no microphone, policy, or none listed). */
    public org.thinspice.engine.audio.RecordChannel record(int id) {
        return records.get(id);
    }

    private final class MainEvents implements MainChannel.Events {
        @Override
        public void onInit(long id, int displayChannelsHint) {
            sessionId = id;
            listener.onConnectStep("main-init", elapsedMillis());
            ready.complete(SpiceSession.this);
        }

        @Override
        public void onChannelsList(List<MainChannel.ChannelId> list) {
            for (MainChannel.ChannelId c : list) {
                ChannelType t = c.channelType();
                // A repeated list, or an id listed twice, must not open a second connection.
                if (t == ChannelType.DISPLAY && !options.isDisabled(t) && !displays.containsKey(c.id())) {
                    DisplayChannel d = new DisplayChannel(c.id(), listener, pixmaps, glzWindow, GLZ_WINDOW_PIXELS,
                            clock, SpiceSession.this::resolvedProfile);
                    d.setVideoCodecs(options.videoCodecs());
                    displays.put(c.id(), d);
                    openChannel(t, c.id(), sessionId, d);
                } else if (t == ChannelType.CURSOR && !options.isDisabled(t) && !cursors.containsKey(c.id())) {
                    CursorChannel cc = new CursorChannel(c.id(), listener);
                    cursors.put(c.id(), cc);
                    openChannel(t, c.id(), sessionId, cc);
                } else if (t == ChannelType.USBREDIR && options.usbredirStreams() != null && !options.isDisabled(t)
                        && options.usbRedirectSettings().isEnabled() && !usbredirs.containsKey(c.id())) {
                    // enable-usbredir=0 in the .vv: no device may reach the desktop, as in remote-viewer
                    openUsbredir(c.id());
                } else if (t == ChannelType.SMARTCARD && sharesSmartcard() && !smartcards.containsKey(c.id())) {
                    openSmartcard(c.id());
                } else if (t == ChannelType.PLAYBACK && options.audioSink() != null && !options.isDisabled(t)
                        && !playbacks.containsKey(c.id())) {
                    org.thinspice.engine.audio.PlaybackChannel p = new org.thinspice.engine.audio.PlaybackChannel(
                            c.id(), options.audioSink(), clock, listener);
                    playbacks.put(c.id(), p);
                    openChannel(t, c.id(), sessionId, p);
                } else if (t == ChannelType.RECORD && options.microphone() != null && options.microphoneAllowed()
                        && !options.isDisabled(t) && !records.containsKey(c.id())) {
                    org.thinspice.engine.audio.RecordChannel r = new org.thinspice.engine.audio.RecordChannel(
                            c.id(), options.microphone(), clock, listener);
                    records.put(c.id(), r);
                    openChannel(t, c.id(), sessionId, r);
                } else if (t == ChannelType.INPUTS && c.id() == 0 && !options.isDisabled(t) && !inputsOpened) {
                    inputsOpened = true;
                    openChannel(t, 0, sessionId, inputs);
                }
            }
        }
    }
}
