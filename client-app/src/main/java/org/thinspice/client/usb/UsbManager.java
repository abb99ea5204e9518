package org.thinspice.client.usb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.policy.UsbFilter;
import org.thinspice.device.policy.UsbPolicy;
import org.thinspice.engine.usbredir.UsbredirStreams;

/**
 * The terminal's USB devices for the kiosk (no JavaFX): the sources' devices with their state, the
 * session's policy applied — matching devices go into the desktop at connect and on plug-in, others
 * only by hand when the policy offers them, readers, keyboards and mice stay — one device per usbredir
 * channel, and every redirect, refusal and return reported to the {@link UsbAudit}.
 *
 * <p>Threads: engine event loops (channel and host events), the worker (opening and attaching devices,
 * which may block in libusb) and the UI (commands). The manager's lock is never held while calling into
 * a usbredir host, whose own lock is held while it reports events back here.
 */
public final class UsbManager implements AutoCloseable {
    private final List<UsbSource> sources;
    final UsbAudit audit;
    private final Executor worker;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, TrackedDevice> devices = new LinkedHashMap<>();
    private UsbSettings settings = UsbSettings.DEFAULT;
    private Session session;

    private static final class Session {
        final UsbSettings settings;
        final List<UsbSlot> slots = new ArrayList<>();

        Session(UsbSettings settings) {
            this.settings = settings;
        }
    }

    public UsbManager(List<UsbSource> sources, UsbAudit audit, Executor worker) {
        this.sources = List.copyOf(sources);
        this.audit = Objects.requireNonNull(audit);
        this.worker = worker;
        rescan();
        for (UsbSource s : this.sources) {
            if (s.announcesChanges()) {
                s.onChange(() -> worker.execute(this::rescan));
            }
        }
    }

    /** Whether some source only shows plug and unplug when scanned again (then the session bar rescans). */
    public boolean needsRescan() {
        return sources.stream().anyMatch(s -> !s.announcesChanges());
    }

    /** A manager with no devices (tests and tools that do not touch USB). */
    public static UsbManager none() {
        return new UsbManager(List.of(), UsbAudit.LOG, Runnable::run);
    }

    /** Called (on any thread) whenever a row changed. */
    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    void changed() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Why sources offer nothing (no USB subsystem, libusb failed, a bad image), for people. */
    public List<UsbSource.Problem> problems() {
        List<UsbSource.Problem> p = new ArrayList<>();
        for (UsbSource s : sources) {
            if (s.problem() != null) {
                p.add(s.problem());
            }
        }
        return p;
    }

    /** How many of the session's usbredir channels are open (each carries one device); 0 outside a session. */
    public synchronized int openChannels() {
        return session == null ? 0 : (int) session.slots.stream().filter(s -> s.opened).count();
    }

    /** Every device with its state and the verdict of the session's policy (the last session's, or the default). */
    public synchronized List<UsbRow> rows() {
        List<UsbRow> rows = new ArrayList<>();
        for (TrackedDevice t : devices.values()) {
            UsbPolicy.Decision d = decide(t);
            UsbRow.State s = t.state == UsbRow.State.LOCAL && d.verdict() == UsbPolicy.Verdict.REFUSED
                    ? UsbRow.State.REFUSED : t.state;
            rows.add(new UsbRow(t.key, t.device.info(), t.simulated, s, d, t.note));
        }
        return rows;
    }

    private UsbPolicy.Decision decide(TrackedDevice t) {
        UsbSettings s = session != null ? session.settings : settings;
        if (!s.enabled()) {
            return new UsbPolicy.Decision(UsbPolicy.Verdict.REFUSED, "USB redirection is off for this desktop");
        }
        UsbFilter guest = null;
        if (session != null) {
            for (UsbSlot slot : session.slots) {
                if (slot.guestFilter != null) {
                    guest = slot.guestFilter;
                }
            }
        }
        return s.policy().decide(t.device.info(), guest);
    }

    /** Looks at every source again: new devices are plug-ins (redirected when the policy says so), missing ones unplugs. */
    public void rescan() {
        Map<String, UsbDevice> found = new LinkedHashMap<>();
        Map<String, Boolean> simulated = new LinkedHashMap<>();
        for (UsbSource s : sources) {
            for (Map.Entry<String, UsbDevice> e : s.scan().entrySet()) {
                found.put(e.getKey(), e.getValue());
                simulated.put(e.getKey(), s.simulated());
            }
        }
        List<String> plugged = new ArrayList<>();
        List<UsbSlot> unplugged = new ArrayList<>();
        boolean any;
        synchronized (this) {
            any = !found.keySet().equals(devices.keySet());
            for (var it = devices.values().iterator(); it.hasNext();) {
                TrackedDevice t = it.next();
                if (!found.containsKey(t.key)) {
                    it.remove();
                    if (t.slot != null) {
                        unplugged.add(t.slot);
                    }
                }
            }
            for (Map.Entry<String, UsbDevice> e : found.entrySet()) {
                if (!devices.containsKey(e.getKey())) {
                    devices.put(e.getKey(), new TrackedDevice(e.getKey(), e.getValue(), simulated.get(e.getKey())));
                    plugged.add(e.getKey());
                }
            }
        }
        for (UsbSlot s : unplugged) {
            worker.execute(() -> s.detach("the device was unplugged"));
        }
        if (any) {
            changed();
        }
        autoRedirect(plugged);
    }

    /**
     * A session starts with these settings: the streams serve its usbredir channels (one device each).
     * Any earlier session's devices come back first.
     */
    public UsbredirStreams beginSession(UsbSettings s) {
        return beginSession(s, null);
    }

    /** As {@link #beginSession(UsbSettings)} for desktop {@code desktopId}, which the audit is told. */
    public UsbredirStreams beginSession(UsbSettings s, String desktopId) {
        endSession();
        if (desktopId != null) {
            audit.sessionStarted(desktopId);
        }
        Session sess = new Session(s);
        synchronized (this) {
            settings = s;
            session = sess;
            for (TrackedDevice t : devices.values()) {
                t.refusalAudited = false;
                t.note = null;
                if (t.state == UsbRow.State.REFUSED || t.state == UsbRow.State.IN_USE) {
                    t.state = UsbRow.State.LOCAL;
                }
            }
        }
        changed();
        return id -> {
            if (!s.enabled()) {
                return null;
            }
            UsbSlot slot = new UsbSlot(this, id);
            synchronized (UsbManager.this) {
                sess.slots.add(slot);
            }
            return slot;
        };
    }

    /** The session ended: every device it holds comes back to the terminal. */
    public void endSession() {
        List<UsbSlot> slots;
        synchronized (this) {
            if (session == null) {
                return;
            }
            slots = new ArrayList<>(session.slots);
            session = null;
        }
        for (UsbSlot s : slots) {
            s.port.onClosed();
        }
        synchronized (this) {
            for (TrackedDevice t : devices.values()) {
                if (t.state == UsbRow.State.CONNECTING || t.state == UsbRow.State.REDIRECTED) {
                    t.state = UsbRow.State.LOCAL;
                    t.slot = null;
                }
            }
        }
        changed();
    }

    /** Redirects the device by hand (the session bar's button); refused in the row when the policy does not allow it. */
    public void redirect(String key) {
        TrackedDevice t;
        UsbSlot slot;
        UsbPolicy.Decision d;
        synchronized (this) {
            t = devices.get(key);
            if (t == null || session == null || t.slot != null) {
                return;
            }
            d = decide(t);
            slot = null;
            if (d.verdict() == UsbPolicy.Verdict.REDIRECT || d.verdict() == UsbPolicy.Verdict.OFFER) {
                slot = freeSlot();
                if (slot == null) {
                    t.note = "every USB slot of the desktop is taken; return a device first";
                } else {
                    slot.holding = t;
                    t.slot = slot;
                    t.state = UsbRow.State.CONNECTING;
                    t.note = null;
                }
            } else {
                t.note = d.reason();
            }
        }
        if (slot == null && d.verdict() != UsbPolicy.Verdict.REDIRECT && d.verdict() != UsbPolicy.Verdict.OFFER) {
            audit.onRefused(t.device.info(), d.reason());
        }
        changed();
        if (slot != null) {
            UsbSlot s = slot;
            worker.execute(() -> s.attach(t));
        }
    }

    /** Takes the device back from the desktop (the session bar's button). */
    public void giveBack(String key) {
        UsbSlot slot;
        synchronized (this) {
            TrackedDevice t = devices.get(key);
            slot = t == null ? null : t.slot;
        }
        if (slot != null) {
            UsbSlot s = slot;
            worker.execute(() -> s.detach("returned to the terminal"));
        }
    }

    private UsbSlot freeSlot() {
        for (UsbSlot s : session.slots) {
            if (s.opened && s.holding == null) {
                return s;
            }
        }
        return null;
    }

    /** Redirects what the policy redirects on its own, and audits what it refuses (once per session and device). */
    private void autoRedirect(List<String> keys) {
        List<String> go = new ArrayList<>();
        List<TrackedDevice> refused = new ArrayList<>();
        List<UsbPolicy.Decision> why = new ArrayList<>();
        synchronized (this) {
            if (session == null) {
                return;
            }
            for (String k : keys) {
                TrackedDevice t = devices.get(k);
                if (t == null || t.slot != null || t.state != UsbRow.State.LOCAL) {
                    continue;
                }
                UsbPolicy.Decision d = decide(t);
                if (d.verdict() == UsbPolicy.Verdict.REDIRECT && session.settings.autoshare()) {
                    go.add(k);
                } else if (d.verdict() == UsbPolicy.Verdict.REFUSED && !t.refusalAudited) {
                    t.refusalAudited = true;
                    refused.add(t);
                    why.add(d);
                }
            }
        }
        for (int i = 0; i < refused.size(); i++) {
            audit.onRefused(refused.get(i).device.info(), why.get(i).reason());
        }
        for (String k : go) {
            redirect(k);
        }
    }

    void opened(UsbSlot slot) {
        List<String> keys;
        synchronized (this) {
            slot.opened = true;
            keys = new ArrayList<>(devices.keySet());
        }
        changed();
        autoRedirect(keys);
    }

    void closed(UsbSlot slot) {
        synchronized (this) {
            slot.opened = false;
            TrackedDevice t = slot.holding;
            if (t != null && t.slot == slot) {
                t.slot = null;
                t.state = UsbRow.State.LOCAL;
            }
            slot.holding = null;
        }
        changed();
    }

    @Override
    public void close() {
        endSession();
        for (UsbSource s : sources) {
            s.close();
        }
    }
}
