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
import org.junit.jupiter.api.Test;
import org.thinspice.client.session.FitScaler;
import org.thinspice.testbed.Patterns;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * The kiosk as a terminal without a GPU runs it (JavaFX's software pipeline on Xvfb, GTK glass, the default
 * {@code thinspice.presentation=auto}) puts the session's picture into an X child window: judged on the X
 * server's own framebuffer against QEMU's screendump and the tiny guest's known patterns, at 1:1 and fitted;
 * the session bar takes the picture back to JavaFX at the same place and gives it back to the overlay; the
 * overlay lets the pointer through to the kiosk's window.
 */
class X11PresentationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void pictureGoesThroughTheOverlayExactAndJavaFxTakesOverUnderTheBar() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), "x11present-");
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").start();
             X11Kiosk kiosk = X11Kiosk.start(dir, List.of("-Dx11kiosk.size=1280x1024"))) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            qemu.console().run("/tbpattern photo", WAIT);
            Picture photo = Patterns.photoPicture(1024, 768);
            kiosk.awaitConnected(kiosk.connect(qemu, "both"), WAIT);
            kiosk.send("scaling ONE_TO_ONE");

            // 1:1: the overlay shows the guest's screen exactly, where JavaFX would.
            Optional<int[]> at = kiosk.x().awaitShown(photo, WAIT);
            assertTrue(at.isPresent(), "the photo never appeared 1:1 on the X screen (screen.ppm kept beside the log)");
            String overlay = presentation(kiosk);
            assertTrue(overlay.startsWith("x11-overlay"), "presented by " + overlay);
            assertEquals(128, at.get()[0], "centred in the 1280x1024 window");
            assertEquals(128, at.get()[1], "centred in the 1280x1024 window");

            // A change in the guest reaches the screen through the overlay's rectangles.
            qemu.console().run("/tbpattern bars", WAIT);
            Picture bars = Patterns.barsPicture(1024, 768);
            Optional<int[]> barsAt = kiosk.x().awaitShown(bars, WAIT);
            assertTrue(barsAt.isPresent() && barsAt.get()[0] == 128 && barsAt.get()[1] == 128, "bars at " + barsAt);
            assertTrue(presentation(kiosk).startsWith("x11-overlay"));

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
            assertTrue(presentation(kiosk).startsWith("javafx"), "with the bar shown: " + presentation(kiosk));

            kiosk.send("bar hide");
            Optional<int[]> back = kiosk.x().awaitShown(bars, WAIT);
            assertTrue(back.isPresent() && back.get()[0] == 128 && back.get()[1] == 128, "after the bar: " + back);
            assertTrue(presentation(kiosk).startsWith("x11-overlay"), "after the bar: " + presentation(kiosk));

            // Fitted: 1280x960 from the engine-side scaler, through the overlay.
            kiosk.send("scaling FIT");
            Picture fitted = new Picture(1280, 960, FitScaler.scaleAll(bars.pixels(), 1024, 768, 1280, 960));
            Optional<int[]> fitAt = kiosk.x().awaitShown(fitted, WAIT);
            assertTrue(fitAt.isPresent(), "the fitted picture never appeared (screen.ppm kept beside the log)");
            assertEquals(0, fitAt.get()[0]);
            assertEquals(32, fitAt.get()[1]);
            assertTrue(presentation(kiosk).startsWith("x11-overlay"), "fitted: " + presentation(kiosk));
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

    private static boolean barsAt128(Picture screen, Picture bars) {
        return screen.locate(bars, org.thinspice.testbed.XServer.POINTER_TOLERANCE).filter(a -> a[0] == 128 && a[1] == 128)
                .isPresent();
    }

    private static String presentation(X11Kiosk kiosk) throws Exception {
        int from = kiosk.mark();
        kiosk.send("presentation");
        return kiosk.await(from, l -> l.startsWith("presentation "), "presentation", WAIT).substring(13);
    }

    /** The overlay's and the kiosk window's X ids from "x11-overlay (N puts; window 0x.. on 0x..)". */
    private static long[] ids(String overlay) {
        String[] f = overlay.replace(")", "").split(" ");
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
