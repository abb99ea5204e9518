package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.session.SessionViewModel;
import org.thinspice.client.shell.KioskShell;
import org.thinspice.device.backends.sim.FatImage;
import org.thinspice.testbed.GuestBlocks;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * The kiosk's USB list against QEMU's usb-redir and the tiny guest: a simulated stick (a FAT image) is
 * listed on this terminal, one click puts it into the desktop — the guest's kernel sees the disk and
 * reads the image's bytes — and one click takes it back: the guest loses it. Autoshare is off in the
 * .vv, so only the click can have moved it.
 */
class KioskUsbIT {
    private static final long STICK_BYTES = 8L << 20;

    @Test
    void theStickIsListedRedirectedByOneClickAndReturnedByAnother() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "kiosk-usb-" + System.nanoTime())).toAbsolutePath();
        Path image = dir.resolve("stick.img");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.TXT", "Written by KioskUsbIT.\r\n".getBytes(StandardCharsets.US_ASCII));
        FatImage.write(image, STICK_BYTES, "KIOSKIT", files);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(image), 64 * 512);
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest().usbRedir(1).password("usb-pass")
                .workDir(dir.resolve("qemu")).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            String vv = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=" + qemu.port() + "\npassword=usb-pass\n"
                    + "enable-usbredir=1\nenable-usb-autoshare=0\n";
            TerminalConfig c = new TerminalConfig();
            c.language = "en";
            c.simulatedUsbSticks = List.of(image.toString());
            FxHarness fx = FxHarness.launch(dir.resolve("terminal"), c, vv);
            try {
                assertEquals(KioskShell.Screen.SESSION, fx.shell.screen());
                ControllerFixture.await("connected", Duration.ofSeconds(60),
                        () -> fx.shell.sessionVm().stageProperty().get() == SessionViewModel.Stage.CONNECTED);
                GuestBlocks blocks = new GuestBlocks(qemu.console());
                assertEquals(List.of(), blocks.list(), "no disk in the guest before the click");
                FxHarness.on(() -> {
                    fx.shell.sessionVm().barShownProperty().set(true);
                    return null;
                });
                fx.clickOn("bar-usb");
                ControllerFixture.await("the stick in the list", Duration.ofSeconds(20), () -> stickRow(fx) >= 0);
                int i = stickRow(fx);
                assertEquals("1209:0001", fx.text("usb-id-" + i));
                assertEquals("on this terminal", fx.text("usb-state-" + i));
                if (!Files.isDirectory(Path.of("/sys/bus/usb"))) {
                    assertEquals("This terminal has no USB subsystem: no USB device can be redirected.",
                            fx.text("usb-problem-0"), "the terminal's own USB state is shown");
                }
                ControllerFixture.await("the desktop's usbredir channel", Duration.ofSeconds(20),
                        () -> fx.shell.usb().openChannels() == 1);
                assertEquals("Redirect to the desktop", fx.text("usb-action-" + i));

                fx.clickOn("usb-action-" + i);
                ControllerFixture.await("the stick in the desktop", Duration.ofSeconds(30),
                        () -> fx.text("usb-state-" + stickRow(fx)).equals("in the desktop"));
                assertTrue(blocks.awaitPresent("sda", Duration.ofSeconds(60)), "the guest sees the stick:\n"
                        + qemu.qmp().hmp("info usb"));
                assertEquals(List.of(new GuestBlocks.Disk("sda", STICK_BYTES / 512, "thinspic", "Simulated_Stick")),
                        blocks.list());
                assertEquals(sha256(head), blocks.sha256("sda", 0, 64, Duration.ofSeconds(60)),
                        "the guest reads the FAT image's first 32 KiB");
                assertEquals(sha256(files.get("README.TXT")), blocks.fileSha256("sda", "README.TXT", Duration.ofSeconds(60)),
                        "the guest mounts the stick and reads README.TXT");
                assertEquals("Return to this terminal", fx.text("usb-action-" + stickRow(fx)));

                fx.clickOn("usb-action-" + stickRow(fx));
                assertTrue(blocks.awaitGone("sda", Duration.ofSeconds(60)), "the guest lost the stick");
                ControllerFixture.await("the stick back on the terminal", Duration.ofSeconds(20),
                        () -> fx.text("usb-state-" + stickRow(fx)).equals("on this terminal"));
                fx.clickOn("usb-close");
                fx.clickOn("bar-disconnect");
            } finally {
                fx.close();
            }
        }
    }

    /** The list row showing the simulated stick, or -1. */
    private static int stickRow(FxHarness fx) throws Exception {
        for (int i = 0; i < 16; i++) {
            if (fx.text("usb-name-" + i).startsWith("Simulated USB stick")) {
                return i;
            }
        }
        return -1;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
