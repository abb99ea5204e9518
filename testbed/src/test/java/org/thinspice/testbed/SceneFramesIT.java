package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The host renders the tiny guest's moving scenes bit-exactly: with {@code tbpattern} stopped (SIGSTOP) mid-play,
 * QEMU's screendump carries a readable frame code n and equals {@link SceneFrames}' frame n pixel for pixel — twice
 * per scene, at two different frames.
 */
class SceneFramesIT {
    private static final Duration BOOT = Duration.ofSeconds(120);

    @Test
    void frozenAnimAndScrollFramesEqualTheHostsRender() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl").start()) {
            qemu.awaitGuestReady(BOOT);
            GuestConsole console = qemu.console();
            int a1 = frozenFrameMatches(qemu, SceneFrames.Scene.ANIM);
            console.run("killall -CONT tbpattern; sleep 1.3", Duration.ofSeconds(30));
            int a2 = frozenFrameMatches(qemu, SceneFrames.Scene.ANIM);
            assertTrue(a1 != a2, "the animation went on between the two frames: " + a1 + " " + a2);

            console.run("killall tbpattern; sleep 0.3; /tbpattern scroll >/dev/null 2>&1 & sleep 1.5", Duration.ofSeconds(30));
            int s1 = frozenFrameMatches(qemu, SceneFrames.Scene.SCROLL);
            console.run("killall -CONT tbpattern; sleep 1.3", Duration.ofSeconds(30));
            int s2 = frozenFrameMatches(qemu, SceneFrames.Scene.SCROLL);
            assertTrue(s1 != s2, "the text scrolled between the two frames: " + s1 + " " + s2);
            System.out.printf("SceneFramesIT: anim frames %d and %d, scroll steps %d and %d exact%n", a1, a2, s1, s2);
        }
    }

    /**
     * Stops tbpattern, waits for a steady screendump, and checks it against the host's render of its code. The guest
     * draws a frame's code last and the scroll scene's first move overwrites it, so a process stopped in the middle of
     * drawing shows no valid code (or, for the anim, an old code over a half-moved block): then it is let go on and
     * stopped again, up to 6 times; the frame finally compared must be exact.
     */
    private static int frozenFrameMatches(QemuSpiceServer qemu, SceneFrames.Scene scene) throws Exception {
        // tbpattern computes its texture / first screen before the first frame: slow under TCG on a busy host.
        Screens.await(qemu.qmp(), p -> {
            int[] c = scene.codeAt(p.width(), p.height());
            return SceneFrames.readCode(p.pixels(), p.width(), c[0], c[1]) >= 0;
        }, Duration.ofSeconds(60));
        String tries = "";
        for (int attempt = 1; ; attempt++) {
            qemu.console().run("killall -STOP tbpattern", Duration.ofSeconds(30));
            Picture dump = steadyScreendump(qemu);
            int[] at = scene.codeAt(dump.width(), dump.height());
            int n = SceneFrames.readCode(dump.pixels(), dump.width(), at[0], at[1]);
            int differ = -1;
            if (n >= 0) {
                Picture expected = scene == SceneFrames.Scene.ANIM ? SceneFrames.animFrame(n, dump.width(), dump.height())
                        : SceneFrames.scrollFrame(n, dump.width(), dump.height());
                differ = Screens.mismatches(dump, expected);
                if (differ == 0) {
                    System.out.printf("SceneFramesIT: %s frame %d exact (attempt %d%s)%n", scene, n, attempt, tries);
                    return n;
                }
            }
            Screens.keep(dump, qemu.workDir(), scene.name().toLowerCase() + "-" + n + "-" + attempt);
            tries += "; attempt " + attempt + ": code " + n + (n >= 0 ? ", " + differ + " pixels differ" : "");
            assertTrue(attempt < 6, scene + ": no frozen frame equal to the host's render of its code" + tries);
            qemu.console().run("killall -CONT tbpattern; sleep 0.1" + attempt, Duration.ofSeconds(30));
        }
    }

    private static Picture steadyScreendump(QemuSpiceServer qemu) throws Exception {
        Picture previous = qemu.qmp().screendump();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Thread.sleep(300);
            Picture dump = qemu.qmp().screendump();
            if (dump.sameRgb(previous) || System.nanoTime() > deadline) {
                return dump;
            }
            previous = dump;
        }
    }
}
