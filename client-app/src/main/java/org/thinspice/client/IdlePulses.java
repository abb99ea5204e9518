package org.thinspice.client;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets JavaFX's pulse timer stop while nothing in the scene changes, on GTK too.
 *
 * <p>JavaFX ticks a pulse timer 60 times a second and asks it to pause once no animation runs and no pulse
 * was requested for 250 ms; it resumes it as soon as one is. Glass on GTK does not implement the pause (a
 * glib timeout on the FX thread calls into Java every 16 ms, forever), so an idle kiosk — and one whose
 * session picture goes through the X11 overlay, not the scene graph — woke 60 times a second for nothing:
 * about 10 ms of CPU a second on a thin terminal. This replaces the toolkit's timer by one whose pause
 * stops glass's timer and whose resume starts a new one (same runnable, same period), so JavaFX's own idle
 * logic works as on the other platforms.
 *
 * <p>It reaches into the toolkit (its private timer field; the package's launcher opens
 * {@code com.sun.javafx.tk.quantum} and exports {@code com.sun.javafx.tk} and {@code com.sun.glass.ui} for
 * it). When anything is not as expected — another platform, another JavaFX — it leaves the toolkit as it
 * is and says so in one log line. {@code -Dthinspice.fx.idlePulses=false} turns it off.
 */
final class IdlePulses {
    private static final Logger LOG = LoggerFactory.getLogger(IdlePulses.class);
    /** The toolkit's timer once installed. */
    private static Pausable installed;

    private IdlePulses() {
    }

    /** On the FX thread, once the toolkit runs (e.g. from {@code Application.start}); true when installed. */
    static synchronized boolean install() {
        if (installed != null) {
            return true;
        }
        if (!Boolean.parseBoolean(System.getProperty("thinspice.fx.idlePulses", "true"))) {
            return false;
        }
        try {
            Object toolkit = Class.forName("com.sun.javafx.tk.Toolkit").getMethod("getToolkit").invoke(null);
            Class<?> quantum = Class.forName("com.sun.javafx.tk.quantum.QuantumToolkit");
            if (!quantum.isInstance(toolkit)) {
                LOG.info("JavaFX's pulses stay as they are: the toolkit is {}", toolkit.getClass().getName());
                return false;
            }
            Field timerField = field(quantum, "pulseTimer");
            com.sun.glass.ui.Timer glass = (com.sun.glass.ui.Timer) timerField.get(toolkit);
            if (glass == null || !glass.getClass().getName().equals("com.sun.glass.ui.gtk.GtkTimer")) {
                LOG.info("JavaFX's pulses stay as they are: the pulse timer is {}", glass == null ? "not made yet"
                        : glass.getClass().getName());
                return false;
            }
            Runnable tick = (Runnable) field(quantum, "timerRunnable").get(toolkit);
            int period = field(quantum, "PULSE_INTERVAL").getInt(toolkit);
            Method vsync = quantum.getDeclaredMethod("hasNativeSystemVsync");
            vsync.setAccessible(true);
            if (tick == null || period <= 0 || (Boolean) vsync.invoke(toolkit)) {
                LOG.info("JavaFX's pulses stay as they are: unexpected pulse timer (period {} ms)", period);
                return false;
            }
            Pausable pausable = new Pausable(tick);
            glass.stop();
            pausable.start(period);
            timerField.set(toolkit, pausable);
            installed = pausable;
            LOG.info("JavaFX's pulse timer ({} ms) now pauses while the scene is idle", period);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("JavaFX's pulses stay as they are: {}", e.toString());
            return false;
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /**
     * A pulse timer that pauses by stopping glass's timer and resumes by starting another. JavaFX calls
     * pause and resume under this object's lock ({@code Timer}'s synchronized methods), resume from any
     * thread; glass's GTK timer may be started and stopped from any thread (a glib source).
     */
    static final class Pausable extends com.sun.glass.ui.Timer {
        private final com.sun.glass.ui.Timer glass;
        private int period;
        private boolean paused;

        Pausable(Runnable tick) {
            super(tick);
            this.glass = com.sun.glass.ui.Application.GetApplication().createTimer(tick);
        }

        @Override
        protected long _start(Runnable r) {
            throw new UnsupportedOperationException("vsync timer not supported");
        }

        @Override
        protected long _start(Runnable r, int p) {
            period = p;
            paused = false;
            glass.start(p);
            return 1;
        }

        @Override
        protected void _stop(long ptr) {
            paused = false;
            glass.stop();
        }

        @Override
        protected void _pause(long ptr) {
            if (!paused) {
                paused = true;
                glass.stop();
            }
        }

        @Override
        protected void _resume(long ptr) {
            if (paused) {
                paused = false;
                glass.start(period);
            }
        }

        synchronized boolean paused() {
            return paused;
        }
    }

    /** Whether the toolkit's pulse timer is paused now; null when this is not installed (tests, diagnostics). */
    static synchronized Boolean pausedNow() {
        return installed == null ? null : installed.paused();
    }
}
