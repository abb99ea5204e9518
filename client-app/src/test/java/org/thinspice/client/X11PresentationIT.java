package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinspice.client.session.FitScaler;
import org.thinspice.testbed.Patterns;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * The kiosk as a terminal without a GPU runs it (JavaFX's software pipeline on Xvfb, GTK glass, the default
 * {@code thinspice.presentation=auto}) puts the session's picture into an X child window: judged on the X
 * server's own framebuffer against the tiny guest's known patterns, at 1:1 and fitted, with the X server's
 * RENDER and MIT-SHM and without them;
 * the session bar takes the picture back to JavaFX at the same place and gives it back to the overlay; the
 * overlay lets the pointer through to the kiosk's window.
 */
class X11PresentationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * X's bilinear filter (pixman: 7-bit weights) against FitScaler's 8-bit weights, per colour channel; only the
     * pointer (at most {@link org.thinspice.testbed.XServer#POINTER_TOLERANCE} pixels) may differ by more.
     */
    private static final int MAX_SCALED_DIFFERENCE = 3;

    /**
     * {@code server}: what ships (the X server scales with RENDER, frames through MIT-SHM); {@code fallbacks}: an X
     * server without those (the kiosk scales with FitScaler, frames through the X socket with XPutImage).
     */
    @ParameterizedTest
    @ValueSource(strings = {"server", "fallbacks"})
    void pictureGoesThroughTheOverlayExactAndJavaFxTakesOverUnderTheBar(String extensions) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), "x11present-" + extensions + "-");
        List<String> options = extensions.equals("server") ? List.of("-Dx11kiosk.size=1280x1024")
                : List.of("-Dx11kiosk.size=1280x1024", "-Dthinspice.x11.render=false", "-Dthinspice.x11.shm=false");
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").lossless().start();
             X11Kiosk kiosk = X11Kiosk.start(dir, options)) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            qemu.console().run("/tbpattern photo", WAIT);
            Picture photo = Patterns.photoPicture(1024, 768);
            kiosk.awaitConnected(kiosk.connect(qemu, "both"), WAIT);
            kiosk.send("scaling ONE_TO_ONE");

            // 1:1: the overlay shows the guest's screen exactly, where JavaFX would.
            Optional<int[]> at = kiosk.x().awaitShown(photo, WAIT);
            assertTrue(at.isPresent(), "the photo never appeared 1:1 on the X screen (screen.ppm kept beside the log)");
            awaitPresentation(kiosk, "x11-overlay");
            String overlay = presentation(kiosk);
            assertTrue(kiosk.x().awaitShown(photo, WAIT).filter(a -> a[0] == 128 && a[1] == 128).isPresent(),
                    "the overlay shows the photo where JavaFX did");
            assertEquals(128, at.get()[0], "centred in the 1280x1024 window");
            assertEquals(128, at.get()[1], "centred in the 1280x1024 window");

            // A change in the guest reaches the screen through the overlay's rectangles.
            qemu.console().run("/tbpattern bars", WAIT);
            Picture bars = Patterns.barsPicture(1024, 768);
            Optional<int[]> barsAt = kiosk.x().awaitShown(bars, WAIT);
            assertTrue(barsAt.isPresent() && barsAt.get()[0] == 128 && barsAt.get()[1] == 128, "bars at " + barsAt);
            String afterBars = presentation(kiosk);
            java.util.regex.Matcher direct = java.util.regex.Pattern.compile("presentations: (\\d+) direct").matcher(afterBars);
            assertTrue(afterBars.startsWith("x11-overlay") && direct.find() && Long.parseLong(direct.group(1)) > 0,
                    "the change went straight to the overlay from its own thread: " + afterBars);

            // Nothing changes in the scene graph (the picture goes to the overlay): JavaFX's pulse timer pauses,
            // where glass on GTK alone ticks 60 times a second. The bar below shows that a change resumes it.
            awaitPulses(kiosk, "paused");
            qemu.console().run("/tbpattern photo", WAIT);
            Optional<int[]> photoPaused = kiosk.x().awaitShown(photo, WAIT);
            assertTrue(photoPaused.isPresent() && photoPaused.get()[0] == 128, "a guest change while JavaFX is idle: " + photoPaused);
            awaitPulses(kiosk, "paused");
            qemu.console().run("/tbpattern bars", WAIT);
            assertTrue(kiosk.x().awaitShown(bars, WAIT).isPresent(), "bars again with JavaFX idle");

            // The pointer over the picture is the kiosk window's, not the overlay's (empty input shape).
            long[] ids = ids(overlay);
            assertEquals(0, windowUnderPointer(kiosk, ids[1], 128 + 512, 128 + 384),
                    "the pointer over the picture must be in the kiosk window itself, not in a child");

            // The bar (above the picture at 1:1): JavaFX draws the picture again, at the same place.
            Picture before = kiosk.x().screen();
            kiosk.send("bar show");
            Picture withBar = kiosk.x().awaitScreen(s -> topDiffers(s, before) && barsAt128(s, bars), WAIT);
            assertTrue(topDiffers(withBar, before), "the session bar is not on the screen");
            assertTrue(barsAt128(withBar, bars), "with the bar JavaFX does not show the same picture in the same place");
            awaitPresentation(kiosk, "javafx");

            kiosk.send("bar hide");
            Optional<int[]> back = kiosk.x().awaitShown(bars, WAIT);
            assertTrue(back.isPresent() && back.get()[0] == 128 && back.get()[1] == 128, "after the bar: " + back);
            awaitPresentation(kiosk, "x11-overlay");

            // The bar shown and hidden at once (the overlay had not yet gone): it must be fed again.
            kiosk.send("bar show");
            kiosk.send("bar hide");
            awaitPresentation(kiosk, "x11-overlay");
            qemu.console().run("/tbpattern photo", WAIT);
            Optional<int[]> photoAgain = kiosk.x().awaitShown(photo, WAIT);
            assertTrue(photoAgain.isPresent() && photoAgain.get()[0] == 128 && photoAgain.get()[1] == 128,
                    "after a quick bar the overlay shows the guest's change: " + photoAgain);
            qemu.console().run("/tbpattern bars", WAIT);
            assertTrue(kiosk.x().awaitShown(bars, WAIT).isPresent(), "bars again before fitting");

            // Fitted: the X server scales (RENDER, bilinear, as spice-gtk's cairo does): 1280x960 at (0, 32), within
            // rounding of the kiosk's own scaler (FitScaler, the same sample positions, 8-bit weights).
            kiosk.send("scaling FIT");
            Picture fitted = FITTED_BARS;
            Picture fitScreen = kiosk.x().awaitScreen(X11PresentationIT::roundingOnly, WAIT);
            int[] d = differences(fitScreen, fitted);
            org.thinspice.testbed.Ppm.write(fitScreen, dir.resolve("fitted-screen.ppm"));
            org.thinspice.testbed.Ppm.write(fitted, dir.resolve("fitted-expected.ppm"));
            System.out.printf("x11 presentation (" + extensions + "), fitted against FitScaler: %d of %d pixels differ, "
                    + "%d by more than %d (the pointer's)%n", d[0], 1280 * 960, d[1], MAX_SCALED_DIFFERENCE);
            assertTrue(extensions.equals("server") || belowBarExact(fitScreen, fitted),
                    "the kiosk scales (no RENDER): the fitted picture must be FitScaler's exactly");
            assertTrue(roundingOnly(fitScreen), "the fitted picture at (0, 32) is not FitScaler's within "
                    + MAX_SCALED_DIFFERENCE + ": " + d[1] + " pixels differ by more (screen and expected picture kept in "
                    + dir + ")");
            awaitPresentation(kiosk, "x11-overlay");

            // The bar over the fitted picture: JavaFX shows FitScaler's picture itself, exactly.
            kiosk.send("bar show");
            Picture jfx = kiosk.x().awaitScreen(sc -> belowBarExact(sc, fitted), WAIT);
            assertTrue(belowBarExact(jfx, fitted), "with the bar, JavaFX's fitted picture is not FitScaler's");
            awaitPresentation(kiosk, "javafx");
            kiosk.send("bar hide");
            Picture again = kiosk.x().awaitScreen(X11PresentationIT::roundingOnly, WAIT);
            assertTrue(roundingOnly(again), "the overlay did not come back fitted");
            awaitPresentation(kiosk, "x11-overlay");
            kiosk.disconnect(WAIT);
        }
    }

    /** The window's top 60 rows (where the bar shows) differ from {@code before} in more than 2000 pixels. */
    private static boolean topDiffers(Picture screen, Picture before) {
        int differ = 0;
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 1280; x++) {
                differ += ((screen.argb(x, y) ^ before.argb(x, y)) & 0xFFFFFF) != 0 ? 1 : 0;
            }
        }
        return differ > 2000;
    }

    private static Picture fittedBars() {
        return new Picture(1280, 960, FitScaler.scaleAll(Patterns.barsPicture(1024, 768).pixels(), 1024, 768, 1280, 960));
    }

    private static final Picture FITTED_BARS = fittedBars();

    private static boolean roundingOnly(Picture screen) {
        return differences(screen, FITTED_BARS)[1] <= org.thinspice.testbed.XServer.POINTER_TOLERANCE;
    }

    /**
     * {pixels differing at all, pixels differing by more than MAX_SCALED_DIFFERENCE in a channel} of the screen's
     * 1280x960 at (0, 32) against {@code fitted}.
     */
    private static int[] differences(Picture screen, Picture fitted) {
        int n = 0;
        int large = 0;
        for (int y = 0; y < 960; y++) {
            for (int x = 0; x < 1280; x++) {
                int a = screen.argb(x, 32 + y);
                int b = fitted.argb(x, y);
                int m = Math.max(Math.abs((a >> 16 & 255) - (b >> 16 & 255)), Math.max(Math.abs((a >> 8 & 255) - (b >> 8 & 255)),
                        Math.abs((a & 255) - (b & 255))));
                n += m > 0 ? 1 : 0;
                large += m > MAX_SCALED_DIFFERENCE ? 1 : 0;
            }
        }
        return new int[] {n, large};
    }

    /** Rows 100.. of the fitted picture (below where the bar shows) are exactly FitScaler's. */
    private static boolean belowBarExact(Picture screen, Picture fitted) {
        int differ = 0;
        for (int y = 100; y < 960; y++) {
            for (int x = 0; x < 1280; x++) {
                differ += ((screen.argb(x, 32 + y) ^ fitted.argb(x, y)) & 0xFFFFFF) != 0 ? 1 : 0;
            }
        }
        return differ <= org.thinspice.testbed.XServer.POINTER_TOLERANCE;
    }

    private static boolean barsAt128(Picture screen, Picture bars) {
        return screen.locate(bars, org.thinspice.testbed.XServer.POINTER_TOLERANCE).filter(a -> a[0] == 128 && a[1] == 128)
                .isPresent();
    }

    /** Waits until the kiosk presents through {@code prefix} ("x11-overlay" or "javafx"); fails with what it said. */
    private static void awaitPresentation(X11Kiosk kiosk, String prefix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String said = presentation(kiosk);
        while (!said.startsWith(prefix) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            said = presentation(kiosk);
        }
        assertTrue(said.startsWith(prefix), "presented by " + said + ", not " + prefix);
    }

    /** Waits until the kiosk says its pulse timer is {@code state} ("paused" or "running"). */
    private static void awaitPulses(X11Kiosk kiosk, String state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String said;
        do {
            int from = kiosk.mark();
            kiosk.send("pulses");
            said = kiosk.await(from, l -> l.startsWith("pulses "), "pulses", WAIT).substring(7);
            if (!said.equals(state)) {
                Thread.sleep(100);
            }
        } while (!said.equals(state) && System.nanoTime() < deadline);
        assertEquals(state, said, "JavaFX's pulse timer");
    }

    private static String presentation(X11Kiosk kiosk) throws Exception {
        int from = kiosk.mark();
        kiosk.send("presentation");
        return kiosk.await(from, l -> l.startsWith("presentation "), "presentation", WAIT).substring(13);
    }

    /** The overlay's and the kiosk window's X ids from "x11-overlay (N puts; window 0x.. on 0x..)". */
    private static long[] ids(String overlay) {
        String[] f = overlay.substring(0, overlay.indexOf(')')).split(" ");
        return new long[] {Long.parseLong(f[f.length - 3].substring(2), 16), Long.parseLong(f[f.length - 1].substring(2), 16)};
    }

    /** Test-only Xlib calls: warp the pointer, ask which child of a window it is in. */
    interface PointerCalls extends Library {
        Pointer XOpenDisplay(String name);

        int XCloseDisplay(Pointer display);

        long XDefaultRootWindow(Pointer display);

        int XWarpPointer(Pointer display, long src, long dst, int srcX, int srcY, int srcW, int srcH, int x, int y);

        boolean XQueryPointer(Pointer display, long window, LongByReference root, LongByReference child,
                              IntByReference rootX, IntByReference rootY, IntByReference x, IntByReference y,
                              IntByReference mask);

        int XSync(Pointer display, boolean discard);
    }

    private static long windowUnderPointer(X11Kiosk kiosk, long kioskWindow, int x, int y) {
        PointerCalls xl = Native.load("X11", PointerCalls.class);
        Pointer d = xl.XOpenDisplay(kiosk.x().display());
        assertTrue(d != null, "cannot open " + kiosk.x().display());
        try {
            xl.XWarpPointer(d, 0, xl.XDefaultRootWindow(d), 0, 0, 0, 0, x, y);
            xl.XSync(d, false);
            LongByReference child = new LongByReference();
            IntByReference i = new IntByReference();
            assertTrue(xl.XQueryPointer(d, kioskWindow, new LongByReference(), child, i, i, i, i, i),
                    "the pointer is not on the kiosk's screen");
            return child.getValue();
        } finally {
            xl.XCloseDisplay(d);
        }
    }
}
