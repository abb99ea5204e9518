package org.thinspice.client.session;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Scheduler;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.Ui;
import org.thinspice.client.desktops.ConnectRequest;
import org.thinspice.client.usb.UsbManager;
import org.thinspice.client.usb.UsbSettings;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.agent.ClipboardPolicy;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.inputs.MouseButton;
import org.thinspice.engine.inputs.PcKey;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.engine.vv.VvFile;

/**
 * One desktop session: connect with visible steps (linking channels, first frame), keyboard and mouse
 * to the guest, disconnect, and on a dropped link a reconnect after a visible countdown. When the
 * session ends it reports its statistics and goes back ({@code onEnded}).
 */
public final class SessionViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SessionViewModel.class);
    public static final int RECONNECT_SECONDS = 5;
    public static final int MAX_RECONNECTS = 3;
    /**
     * How long the session waits for the desktop's first picture once its channels linked: a display
     * channel the desktop refused (or never answered) shows an error with the way back instead of
     * "Waiting for the first picture…" for ever. Generous: an emulated terminal takes up to a minute.
     */
    public static final Duration FIRST_PICTURE_TIMEOUT = Duration.ofSeconds(90);
    private static final Set<SpiceReason> RECONNECTABLE = EnumSet.of(SpiceReason.CONNECTION_LOST, SpiceReason.TIMEOUT,
            SpiceReason.CONNECT_FAILED);

    public enum Stage { LINKING, FIRST_FRAME, CONNECTED, RECONNECTING, FAILED, ENDED }

    private final Ui ui;
    private final SessionConnector connector;
    private final ConnectRequest request;
    private final Consumer<SessionReport> onEnded;
    private final Damage damage = new Damage();
    private final ObjectProperty<Stage> stage = new SimpleObjectProperty<>(Stage.LINKING);
    private final ObjectProperty<Message> message = new SimpleObjectProperty<>(Message.of("connect.linking"));
    private final IntegerProperty countdown = new SimpleIntegerProperty();
    private final ObjectProperty<Scaling> scaling = new SimpleObjectProperty<>(Scaling.FIT);
    private final ObjectProperty<Message> clipboard = new SimpleObjectProperty<>();
    private final BooleanProperty barShown = new SimpleBooleanProperty();
    private final BooleanProperty muted = new SimpleBooleanProperty();
    private final BooleanProperty microphoneOpen = new SimpleBooleanProperty();
    private org.thinspice.client.sound.TerminalAudio audio;
    private final Set<PcKey> pressed = new LinkedHashSet<>();
    private SessionMeter meter = new SessionMeter(System.nanoTime());
    private volatile SessionHandle handle;
    private int attempts;
    private boolean userClosed;
    private Scheduler.Cancel ticking;
    private Scheduler.Cancel pictureWait;
    private TerminalClipboard terminalClipboard;
    private ClipboardSync clipboardSync;
    private long generation;
    private final UsbManager usb;
    private final UsbListViewModel usbList;
    private final CardShare cardShare;

    public SessionViewModel(Ui ui, SessionConnector connector, ConnectRequest request, Consumer<SessionReport> onEnded) {
        this(ui, connector, request, onEnded, UsbManager.none());
    }

    /** @param usb the terminal's USB devices: its usbredir channels serve them under the .vv's USB settings */
    public SessionViewModel(Ui ui, SessionConnector connector, ConnectRequest request, Consumer<SessionReport> onEnded,
            UsbManager usb) {
        this(ui, connector, request, onEnded, usb, CardShare.none());
    }

    /**
     * @param cardShare the terminal's smartcard: asked for readers only when the .vv says
     *     {@code [thinspice] smartcard=share}
     */
    public SessionViewModel(Ui ui, SessionConnector connector, ConnectRequest request, Consumer<SessionReport> onEnded,
            UsbManager usb, CardShare cardShare) {
        this.cardShare = cardShare == null ? CardShare.none() : cardShare;
        this.ui = ui;
        this.connector = connector;
        this.request = request;
        this.onEnded = onEnded;
        this.usb = usb;
        this.usbList = new UsbListViewModel(usb, ui);
    }

    /** The session bar's USB device list. */
    public UsbListViewModel usbList() {
        return usbList;
    }

    public ObjectProperty<Stage> stageProperty() {
        return stage;
    }

    public ObjectProperty<Message> messageProperty() {
        return message;
    }

    public IntegerProperty countdownProperty() {
        return countdown;
    }

    public ObjectProperty<Scaling> scalingProperty() {
        return scaling;
    }

    public ObjectProperty<Message> clipboardProperty() {
        return clipboard;
    }

    public BooleanProperty barShownProperty() {
        return barShown;
    }

    /** The session bar's mute of the desktop's sound on this terminal. */
    public BooleanProperty mutedProperty() {
        return muted;
    }

    /** Whether the desktop is recording from this terminal's microphone now (the session bar shows it). */
    public BooleanProperty microphoneOpenProperty() {
        return microphoneOpen;
    }

    /** The terminal's speakers and microphone; without them the session has no sound. */
    public void setAudio(org.thinspice.client.sound.TerminalAudio audio) {
        this.audio = audio;
        muted.addListener((o, was, now) -> audio.setMuted(now));
    }

    public Damage damage() {
        return damage;
    }

    public SessionMeter meter() {
        return meter;
    }

    public String desktopName() {
        return request.desktop() == null ? "" : request.desktop().name();
    }

    public void start() {
        usbList.start();
        open(request.vv());
    }

    private void open(String vv) {
        long gen = ++generation;
        stage.set(Stage.LINKING);
        message.set(Message.of("connect.linking"));
        SpiceConnectOptions options;
        try {
            VvFile file = VvFile.parse(vv);
            SpiceConnectOptions.Builder b = VvConnect.options(file);
            UsbSettings usbSettings = UsbSettings.from(file);
            if (usbSettings.enabled()) {
                b.usbredir(usb.beginSession(usbSettings,
                        request.desktop() == null ? null : request.desktop().id()));
            }
            if (audio != null) {
                audio.closeSession();
                b.audio(audio.sessionSink(muted.get())).microphone(audio.sessionMicrophone());
            }
            options = b.build();
            if (options.smartcardPolicy() == org.thinspice.engine.smartcard.SmartcardPolicy.SHARE) {
                // the controller's policy shares the terminal's card: the readers serve the smartcard channel
                // and are closed with it; without share the card is never asked for
                org.thinspice.engine.smartcard.SmartcardReaders readers = cardShare.readers();
                if (readers != null) {
                    options = b.smartcard(readers).build();
                }
            }
            clipboard.set(Message.of("clipboard." + options.clipboardPolicy().key()));
        } catch (SpiceException e) {
            fail(e);
            return;
        }
        damage.reset();
        connector.connect(options, new Events(gen)).whenComplete((h, err) -> ui.fx().execute(() -> {
            if (gen != generation) {
                if (h != null) {
                    ui.io().execute(h::close);
                }
                return;
            }
            if (err != null) {
                lost(unwrap(err));
                return;
            }
            handle = h;
            if (userClosed) {
                ui.io().execute(h::close);
                return;
            }
            if (terminalClipboard != null) {
                clipboardSync = new ClipboardSync(terminalClipboard, ui.fx(), h, meter);
                clipboardSync.start();
                h.setClipboardBridge(clipboardSync);
            }
            meter.connected();
            if (stage.get() == Stage.LINKING) {
                message.set(Message.of("connect.firstFrame"));
                stage.set(Stage.FIRST_FRAME);
                stopPictureWait();
                pictureWait = ui.timer().after(FIRST_PICTURE_TIMEOUT, () -> ui.fx().execute(() -> noPicture(gen)));
            }
        }));
    }

    private static SpiceException unwrap(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && !(c instanceof SpiceException)) {
            c = c.getCause();
        }
        return c instanceof SpiceException se ? se : new SpiceException(SpiceReason.CONNECTION_LOST, String.valueOf(c.getMessage()));
    }

    /** No picture within {@link #FIRST_PICTURE_TIMEOUT} of linking: close the session, say so, offer the way back. */
    private void noPicture(long gen) {
        pictureWait = null;
        if (gen != generation || stage.get() != Stage.FIRST_FRAME || userClosed) {
            return;
        }
        LOG.info("no picture from the desktop within {} s of linking: the session is closed", FIRST_PICTURE_TIMEOUT.toSeconds());
        generation++; // the closing link's own disconnect is not a reason to reconnect
        releaseKeys();
        SessionHandle h = handle;
        handle = null;
        if (h != null) {
            ui.io().execute(h::close);
        }
        usbList.stop();
        usb.endSession();
        stage.set(Stage.FAILED);
        message.set(Message.of("connect.noPicture"));
    }

    private void stopPictureWait() {
        if (pictureWait != null) {
            pictureWait.cancel();
            pictureWait = null;
        }
    }

    /** The first picture arrived. */
    private void firstFrame() {
        stopPictureWait();
        if (stage.get() == Stage.LINKING || stage.get() == Stage.FIRST_FRAME) {
            meter.firstFrame();
            attempts = 0;
            stage.set(Stage.CONNECTED);
            message.set(null);
        }
    }

    private void lost(SpiceException cause) {
        stopPictureWait();
        releaseKeys();
        handle = null;
        // The engine reports a failed connect both through the future and onDisconnected: act once.
        if (userClosed || stage.get() == Stage.ENDED || stage.get() == Stage.FAILED || ticking != null) {
            return;
        }
        if (cause == null) {
            end(null);
            return;
        }
        LOG.info("session link lost: {} ({})", cause.reason(), cause.getMessage());
        if (RECONNECTABLE.contains(cause.reason()) && attempts < MAX_RECONNECTS && request.refresh() != null) {
            attempts++;
            stage.set(Stage.RECONNECTING);
            countdown.set(RECONNECT_SECONDS);
            message.set(Message.of("session.reconnectingIn", RECONNECT_SECONDS));
            ticking = ui.timer().every(Duration.ofSeconds(1), this::tick);
        } else if (cause.reason() == SpiceReason.SERVER_DISCONNECTED || attempts >= MAX_RECONNECTS) {
            end(Message.of("session.ended"));
        } else {
            fail(cause);
        }
    }

    private void tick() {
        if (stage.get() != Stage.RECONNECTING) {
            stopTicking();
            return;
        }
        int left = countdown.get() - 1;
        countdown.set(left);
        if (left > 0) {
            message.set(Message.of("session.reconnectingIn", left));
            return;
        }
        stopTicking();
        message.set(Message.of("session.reconnecting"));
        ui.call(request.refresh()::next, this::open, e -> {
            LOG.info("no fresh connection: {}", e.toString());
            end(Message.of("session.ended"));
        });
    }

    private void stopTicking() {
        if (ticking != null) {
            ticking.cancel();
            ticking = null;
        }
    }

    private void fail(SpiceException e) {
        usbList.stop();
        usb.endSession();
        stage.set(Stage.FAILED);
        message.set(Message.of("reason." + e.reason().name()));
    }

    /** Disconnect (the bar's button, or the back button on a failure): back to the desktops. */
    public void disconnect() {
        userClosed = true;
        stopTicking();
        stopPictureWait();
        releaseKeys();
        SessionHandle h = handle;
        handle = null;
        if (h != null) {
            ui.io().execute(h::close);
        }
        end(null);
    }

    private void end(Message why) {
        if (stage.get() == Stage.ENDED) {
            return;
        }
        stopTicking();
        usbList.stop();
        usb.endSession();
        if (audio != null) {
            org.thinspice.client.sound.TerminalAudio a = audio;
            ui.io().execute(a::closeSession);
        }
        microphoneOpen.set(false);
        stage.set(Stage.ENDED);
        message.set(why);
        SessionReport r = meter.report(desktopName());
        onEnded.accept(r);
    }

    /** The terminal's clipboard (the view passes JavaFX's); without one nothing is shared. */
    public void setClipboard(TerminalClipboard clipboard) {
        this.terminalClipboard = clipboard;
    }

    /** Offers the terminal's clipboard text to the guest when it changed (the view calls this now and then). */
    public void pollClipboard() {
        ClipboardSync c = clipboardSync;
        if (c != null && handle != null) {
            c.poll();
        }
    }

    public void ctrlAltDel() {
        SessionHandle h = handle;
        if (h != null) {
            h.input().ctrlAltDel();
        }
    }

    public void toggleBar() {
        barShown.set(!barShown.get());
    }

    public void keyDown(PcKey key) {
        SessionHandle h = handle;
        if (h != null && key != null) {
            pressed.add(key);
            h.input().keyDown(key);
        }
    }

    public void keyUp(PcKey key) {
        SessionHandle h = handle;
        if (h != null && key != null && pressed.remove(key)) {
            h.input().keyUp(key);
        }
    }

    /** The window lost focus: nothing may stay pressed in the guest. */
    public void releaseKeys() {
        SessionHandle h = handle;
        for (PcKey k : pressed) {
            if (h != null) {
                h.input().keyUp(k);
            }
        }
        pressed.clear();
    }

    /** Pointer at guest coordinates ({@code dx}, {@code dy}: motion since the last event, for server mode). */
    public void pointer(int x, int y, int dx, int dy) {
        SessionHandle h = handle;
        if (h == null) {
            return;
        }
        if (h.clientMouse()) {
            h.input().mousePosition(x, y, 0);
        } else if (dx != 0 || dy != 0) {
            h.input().mouseMotion(dx, dy);
        }
    }

    public void button(MouseButton b, boolean down) {
        SessionHandle h = handle;
        if (h != null) {
            if (down) {
                h.input().buttonDown(b);
            } else {
                h.input().buttonUp(b);
            }
        }
    }

    public void wheel(int steps) {
        SessionHandle h = handle;
        if (h != null && steps != 0) {
            h.input().wheel(steps);
        }
    }

    /** The screen's size changed (or the mode became FOLLOW): ask the guest to follow when it should. */
    public void screenSize(int width, int height) {
        SessionHandle h = handle;
        if (h != null && scaling.get() == Scaling.FOLLOW && width > 0 && height > 0) {
            LOG.info("asking the guest for {}x{}", width, height);
            h.requestSize(width, height);
        }
    }

    public boolean isClipboardAllowed(ClipboardPolicy p) {
        return p != ClipboardPolicy.NONE;
    }

    /** Engine callbacks: event-loop threads; only the damage record is touched there. */
    private final class Events implements SpiceListener {
        private final long gen;
        private volatile boolean firstSeen;

        Events(long gen) {
            this.gen = gen;
        }

        @Override
        public void onInvalidate(int channelId, Surface surface, int x, int y, int width, int height) {
            if (channelId != 0 || !surface.isPrimary()) {
                return;
            }
            damage.add(surface, x, y, width, height);
            if (!firstSeen) {
                firstSeen = true;
                ui.fx().execute(() -> {
                    if (gen == generation) {
                        firstFrame();
                    }
                });
            }
        }

        @Override
        public void onSurfaceCreated(int channelId, Surface surface) {
            if (channelId == 0 && surface.isPrimary()) {
                damage.add(surface, 0, 0, 0, 0);
            }
        }

        @Override
        public void onBytesReceived(ChannelType type, int id, long bytes) {
            meter.bytes(type, bytes);
        }

        @Override
        public void onImageDecoded(int imageType, int pixels, long nanos) {
            meter.image(imageType);
        }

        @Override
        public void onMicrophone(boolean open) {
            ui.fx().execute(() -> {
                if (gen == generation) {
                    microphoneOpen.set(open);
                }
            });
        }

        @Override
        public void onDisconnected(SpiceException cause) {
            ui.fx().execute(() -> {
                if (gen == generation) {
                    lost(cause);
                }
            });
        }
    }
}
