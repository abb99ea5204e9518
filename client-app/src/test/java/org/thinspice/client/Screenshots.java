package org.thinspice.client;

import java.io.OutputStream;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.LoginOutcome;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.TerminalStore;
import org.thinspice.client.core.Ui;
import org.thinspice.client.desktops.ConnectRequest;
import org.thinspice.client.diagnostics.SystemProbe;
import org.thinspice.client.login.SecondFactorResponder;
import org.thinspice.client.session.SessionConnector;
import org.thinspice.client.session.SessionHandle;
import org.thinspice.client.shell.KioskShell;
import org.thinspice.client.testing.FakeApi;
import org.thinspice.client.testing.ManualScheduler;
import org.thinspice.client.testing.MemoryUsbGuest;
import org.thinspice.client.usb.SimulatedUsbSource;
import org.thinspice.client.usb.Usb4JavaSource;
import org.thinspice.client.usb.UsbAudit;
import org.thinspice.client.usb.UsbManager;
import org.thinspice.client.usb.UsbSource;
import org.thinspice.device.backends.UsbBackendException;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceBusyException;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.FatImage;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.cli.PngWriter;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.inputs.MouseButton;
import org.thinspice.engine.inputs.SpiceInput;

/**
 * {@code ./thinspice screenshots}: every screen in both languages as {@code <screen>-<lang>.png}. The
 * controller is scripted and the session shows the tiny guest's picture from docs/screenshots, so the
 * pictures are the same on every run. Runs under Monocle (headless).
 *
 * <p>Usage: {@code Screenshots OUT_DIR [GUEST_PNG]}
 */
public final class Screenshots {
    private static final int W = 1280;
    private static final int H = 800;

    private Screenshots() {
    }

    /** Example fingerprints for the enrolment and certificate-changed screens. */
    private static final String PINNED = "3A:91:C4:0F:7B:22:E8:5D:16:AF:90:4C:D3:68:B1:0E:57:F2:29:8A:C6:11:3D:E4:9B:70:05:FA:62:D8:4B:1C";
    private static final String PRESENTED = "C8:04:5E:B9:21:7A:F3:90:6D:12:44:EB:08:9F:CA:53:E1:36:7D:A2:58:0B:F4:19:8E:65:2C:D7:30:B4:91:AF";

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Path guestPng = Path.of(args.length > 1 ? args[1] : "docs/screenshots/engine-shot-tiny-guest.png");
        Files.createDirectories(out);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        Platform.setImplicitExit(false);
        started.await();
        Path data = Files.createTempDirectory("tsk-shots");
        for (String lang : List.of("zh-CN", "en")) {
            on(() -> {
                shoot(out, lang, data.resolve(lang), guestPng);
                return null;
            });
        }
        Platform.exit();
        System.out.println("wrote screenshots to " + out.toAbsolutePath());
    }

    private static void shoot(Path out, String lang, Path data, Path guestPng) throws Exception {
        FakeApi api = new FakeApi();
        api.desktops = new java.util.ArrayList<>(List.of(
                new org.thinspice.client.api.Desktop("demo", lang.equals("en") ? "Finance desktop" : "财务部云桌面", "running", "to-guest",
                        true, List.of("start", "shutdown", "reboot", "stop")),
                new org.thinspice.client.api.Desktop("lab", lang.equals("en") ? "Lab desktop" : "实验室云桌面", "stopped", "none",
                        false, List.of("start", "shutdown", "reboot"))));
        ManualScheduler timer = new ManualScheduler();
        Ui ui = new Ui(Runnable::run, Runnable::run, timer);
        TerminalStore store = new TerminalStore(data);
        TerminalConfig config = new TerminalConfig();
        config.language = lang;
        config.controllerUrl = "http://10.20.0.5:8480";
        config.terminalName = "front-desk-3";
        config.autoConnectSingle = false;
        config.terminalId = "t-3f9a12c4d7e1";
        config.gateway = "10.20.0.6:9443";
        api.vv = api.vv + "[thinspice]\nclipboard=to-guest\n";
        api.latencies.addAll(List.of(3L, 4L, 3L, 9L, 3L, 2L, 5L, 3L, 4L, 3L));
        store.save(config);
        KioskModel model = new KioskModel(store, config, new Strings(Strings.forTag(lang)), c -> api);
        GuestPicture guest = new GuestPicture(guestPng);
        ScriptedUkey ukey = new ScriptedUkey();
        KioskShell shell = new KioskShell(model, ui, guest, new FixedProbe(), ukey, "0.1.0", () -> { });
        Stage stage = new Stage();
        Scene scene = KioskApp.scene(shell);
        stage.setScene(scene);
        stage.setWidth(W);
        stage.setHeight(H);
        stage.show();

        shell.showEnrol();
        shell.enrolVm().codeProperty().set("K7Q2M9X4P1");
        save(scene, out, "enrol", lang);
        shell.enrolVm().addressProperty().set("https://10.20.0.5:8480");
        shell.enrolVm().fingerprintProperty().set(PINNED);
        shell.enrolVm().confirmingProperty().set(true);
        shell.enrolVm().messageProperty().set(org.thinspice.client.core.Message.of("enrol.confirmFingerprint"));
        save(scene, out, "enrol-fingerprint", lang);

        shell.showLogin();
        shell.loginVm().usernameProperty().set("zhangwei");
        save(scene, out, "login", lang);
        api.failAll = FakeApi.unreachable();
        shell.loginVm().passwordProperty().set("secret");
        shell.loginVm().signIn();
        save(scene, out, "login-unreachable", lang);
        api.failAll = null;
        api.logins.add(FakeApi.refused(ControllerException.Kind.WRONG_CREDENTIALS, "wrong_credentials", 0));
        shell.loginVm().signIn();
        save(scene, out, "login-wrong-password", lang);
        api.logins.add(FakeApi.refused(ControllerException.Kind.LOCKED, "account_locked", 300));
        shell.loginVm().signIn();
        save(scene, out, "login-locked", lang);
        ukey.presence = SecondFactorResponder.Presence.READY;
        api.logins.add(new LoginOutcome.SecondFactor("c-1", "nonce", List.of("ukey"), "text"));
        shell.loginVm().signIn();
        shell.loginVm().pinKey('1');
        shell.loginVm().pinKey('2');
        shell.loginVm().pinKey('3');
        save(scene, out, "login-ukey-pin", lang);
        ukeyStates(scene, out, lang, shell, api, ukey);

        model.signedIn("zhangwei");
        shell.showDesktops(false);
        save(scene, out, "desktops", lang);
        shell.desktopsVm().ask(shell.desktopsVm().items().get(0), "reboot");
        save(scene, out, "desktops-confirm", lang);
        shell.desktopsVm().cancel();
        api.taskStates.add("running");
        shell.desktopsVm().ask(shell.desktopsVm().items().get(1), "start");
        shell.desktopsVm().confirm();
        save(scene, out, "desktops-starting", lang);

        guest.holdFirstFrame = true;
        shell.showSession(new ConnectRequest(api.desktops.get(0), api.vv, () -> api.vv));
        save(scene, out, "session-connecting", lang);
        guest.frame();
        shell.sessionView().presenter().present();
        shell.sessionVm().barShownProperty().set(true);
        save(scene, out, "session", lang);
        shell.sessionVm().barShownProperty().set(false);
        guest.drop();
        timer.advance(java.time.Duration.ofSeconds(2));
        save(scene, out, "session-reconnecting", lang);
        shell.sessionVm().disconnect();

        // The USB list: this computer's case (no USB subsystem, the demo's simulated stick), then a terminal
        // with real devices in every state (example devices; the desktop's side of each channel in memory).
        shell.setUsb(new UsbManager(List.of(new Usb4JavaSource(data.resolve("no-sys-bus-usb"), () -> {
            throw new IllegalStateException("no libusb without a USB subsystem");
        }), new SimulatedUsbSource(List.of(demoStick(data).toString()))), UsbAudit.LOG, Runnable::run));
        String usbVv = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\npassword=x\nenable-usbredir=1\n"
                + "enable-usb-autoshare=%s\nusb-filter=0x08,-1,-1,-1,1|0x07,-1,-1,-1,1|0x0e,-1,-1,-1,0\n"
                + "[thinspice]\nclipboard=to-guest\n";
        String noAutoshare = String.format(usbVv, "0");
        shell.showSession(new ConnectRequest(api.desktops.get(0), noAutoshare, () -> noAutoshare));
        guest.frame();
        shell.sessionView().presenter().present();
        shell.sessionVm().barShownProperty().set(true);
        shell.sessionVm().usbList().toggle();
        save(scene, out, "session-usb-none", lang);
        shell.sessionVm().disconnect();
        shell.usb().close();
        shell.setUsb(ExampleUsb.manager(data));
        String autoshare = String.format(usbVv, "1");
        shell.showSession(new ConnectRequest(api.desktops.get(0), autoshare, () -> autoshare));
        guest.frame();
        shell.sessionView().presenter().present();
        shell.sessionVm().barShownProperty().set(true);
        shell.sessionVm().usbList().toggle();
        save(scene, out, "session-usb", lang);
        shell.sessionVm().disconnect();
        model.setLastSession(new SessionReport(lang.equals("en") ? "Finance desktop" : "财务部云桌面", 24.4, 452_000, 318, 402, 1_260_000,
                Map.of("quic", 41L, "glz_rgb", 260L, "lz_rgb", 12L, "from_cache", 88L)));

        shell.showDiagnostics();
        save(scene, out, "diagnostics", lang);
        javafx.scene.control.ScrollPane diag = (javafx.scene.control.ScrollPane) scene.lookup(".diag");
        diag.setVvalue(diag.getVmax());
        diag.layout();
        save(scene, out, "diagnostics-usb", lang);
        shell.showSettings();
        save(scene, out, "settings", lang);
        shell.settingsVm().unlock("123456");
        save(scene, out, "settings-unlocked", lang);
        shell.showError(new IllegalStateException("example: the display channel's surface went away"));
        save(scene, out, "error", lang);
        TerminalConfig pinned = model.config().copy();
        pinned.controllerCertSha256 = PINNED;
        model.update(pinned);
        shell.showCertificateChanged(PRESENTED);
        save(scene, out, "certificate-changed", lang);
        stage.close();
    }

    /** Every state of the UKEY step, and the session locked by a pulled card. */
    private static void ukeyStates(Scene scene, Path out, String lang, KioskShell shell, FakeApi api, ScriptedUkey ukey)
            throws Exception {
        ukey.changeTo(SecondFactorResponder.Presence.NO_READER);
        save(scene, out, "login-ukey-no-reader", lang);
        ukey.changeTo(SecondFactorResponder.Presence.NO_CARD);
        save(scene, out, "login-ukey-insert", lang);
        ukey.changeTo(SecondFactorResponder.Presence.READY);
        save(scene, out, "login-ukey-ready", lang);
        ukey.failNext = new SecondFactorResponder.UkeyFailure(SecondFactorResponder.UkeyFailure.Kind.WRONG_PIN, "wrong", 2);
        shell.loginVm().submitPin("000000");
        save(scene, out, "login-ukey-wrong-pin", lang);
        ukey.failNext = new SecondFactorResponder.UkeyFailure(SecondFactorResponder.UkeyFailure.Kind.REMOVED, "pulled", -1);
        shell.loginVm().submitPin("123456");
        save(scene, out, "login-ukey-removed", lang);
        ukey.failNext = new SecondFactorResponder.UkeyFailure(SecondFactorResponder.UkeyFailure.Kind.BLOCKED, "blocked", 0);
        shell.loginVm().submitPin("000000");
        save(scene, out, "login-ukey-blocked", lang);
        String[][] refusals = {{"ukey_not_enrolled", "login-ukey-not-enrolled"}, {"challenge_expired", "login-ukey-challenge-expired"}};
        for (String[] r : refusals) {
            api.logins.add(new LoginOutcome.SecondFactor("c-2", "nonce", List.of("ukey"), "text"));
            api.logins.add(FakeApi.refused(ControllerException.Kind.REFUSED, r[0], 0));
            shell.loginVm().signIn();
            shell.loginVm().submitPin("123456");
            save(scene, out, r[1], lang);
        }
        api.logins.add(new LoginOutcome.SecondFactor("c-3", "nonce", List.of("ukey"), "text"));
        api.logins.add(new LoginOutcome.SignedIn("tss_x", "zhangwei", "user", "lock"));
        shell.loginVm().signIn();
        shell.loginVm().submitPin("123456");
        ukey.changeTo(SecondFactorResponder.Presence.NO_CARD);
        save(scene, out, "session-ukey-locked", lang);
        shell.showLogin();
    }

    /** A UKEY whose presence and next failure the screenshots set. */
    private static final class ScriptedUkey implements SecondFactorResponder {
        Presence presence = Presence.NO_READER;
        SecondFactorResponder.UkeyFailure failNext;
        private java.util.function.Consumer<Presence> listener = p -> { };

        @Override
        public UkeyAnswer respond(String signText, char[] pin) throws UkeyFailure {
            if (failNext != null) {
                UkeyFailure f = failNext;
                failNext = null;
                throw f;
            }
            return new UkeyAnswer("CERT", "SIG");
        }

        @Override
        public Presence presence() {
            return presence;
        }

        @Override
        public int triesLeft() {
            return 3;
        }

        @Override
        public void watch(java.util.function.Consumer<Presence> l) {
            listener = l;
        }

        void changeTo(Presence p) {
            presence = p;
            listener.accept(p);
        }
    }

    private static void save(Scene scene, Path out, String screen, String lang) throws Exception {
        WritableImage img = scene.snapshot(null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), IntBuffer.wrap(argb), w);
        try (OutputStream o = Files.newOutputStream(out.resolve(screen + "-" + lang + ".png"))) {
            PngWriter.write(w, h, argb, o);
        }
    }

    private static <T> T on(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get();
    }

    /** The demo's stick: a FAT image with README.TXT. */
    private static Path demoStick(Path data) throws java.io.IOException {
        Path img = data.resolve("demo-stick.img");
        FatImage.write(img, 8L << 20, "THINSPICE", Map.of("README.TXT", "thinspice demo stick\r\n".getBytes()));
        return img;
    }

    /** A terminal with devices in every state: example descriptors, not devices on this computer. */
    private static final class ExampleUsb {
        static UsbManager manager(Path data) throws java.io.IOException {
            Map<String, UsbDevice> real = new java.util.LinkedHashMap<>();
            real.put("usb:1-3", new ExampleDevice(new UsbDeviceInfo(2, 0, 0, 0, 0x0781, 0x5581, 0x0100, "SanDisk Ultra",
                    List.of(new UsbDeviceInfo.Interface(0, 0x08, 0x06, 0x50)), List.of()), false));
            real.put("usb:1-4", new ExampleDevice(new UsbDeviceInfo(2, 0, 0, 0, 0x03f0, 0x002a, 0x0100, "HP LaserJet P1102",
                    List.of(new UsbDeviceInfo.Interface(0, 0x07, 0x01, 0x02)), List.of()), true));
            real.put("usb:1-5", new ExampleDevice(new UsbDeviceInfo(2, 0xEF, 2, 1, 0x046d, 0x0825, 0x0012,
                    "Logitech HD Webcam C270", List.of(new UsbDeviceInfo.Interface(0, 0x0e, 1, 0),
                            new UsbDeviceInfo.Interface(1, 0x0e, 2, 0)), List.of()), false));
            real.put("usb:1-6", new ExampleDevice(new UsbDeviceInfo(1, 0, 0, 0, 0x2133, 0x0018, 0x0100, "Signature pad",
                    List.of(new UsbDeviceInfo.Interface(0, 0xff, 0, 0)), List.of()), false));
            real.put("usb:1-7", new ExampleDevice(new UsbDeviceInfo(1, 0, 0, 0, 0x096e, 0x0608, 0x0100, "UKEY reader",
                    List.of(new UsbDeviceInfo.Interface(0, 0x0b, 0, 0)), List.of()), false));
            real.put("usb:1-8", new ExampleDevice(new UsbDeviceInfo(1, 0, 0, 0, 0x413c, 0x2113, 0x0110, "Dell KB216 Keyboard",
                    List.of(new UsbDeviceInfo.Interface(0, 0x03, 0x01, 0x01)), List.of()), false));
            UsbSource examples = new UsbSource() {
                public Map<String, UsbDevice> scan() {
                    return real;
                }

                public Problem problem() {
                    return null;
                }

                public boolean simulated() {
                    return false;
                }

                public void close() {
                }
            };
            return new UsbManager(List.of(examples, new SimulatedUsbSource(List.of(demoStick(data).toString()))),
                    UsbAudit.LOG, Runnable::run);
        }
    }

    /** Descriptors only; a busy one refuses to open as libusb's BUSY does. */
    private record ExampleDevice(UsbDeviceInfo info, boolean busy) implements UsbDevice {
        public void open(org.thinspice.device.backends.UsbDeviceListener l) throws UsbBackendException {
            if (busy) {
                throw new UsbDeviceBusyException("The USB device " + info.id() + " is in use by another program.");
            }
        }

        public void reset() {
        }

        public int setConfiguration(int c) {
            return 0;
        }

        public int configuration() {
            return 1;
        }

        public int setAltSetting(int i, int alt) {
            return 0;
        }

        public int altSetting(int i) {
            return 0;
        }

        public void submit(org.thinspice.device.backends.UsbTransfer t, TransferDone done) {
        }

        public void cancel(long id) {
        }

        public void close() {
        }
    }

    /** A session that shows a fixed picture of the guest. */
    private static final class GuestPicture implements SessionConnector {
        private final Surface surface;
        private SpiceListener listener;
        boolean holdFirstFrame;

        GuestPicture(Path png) throws Exception {
            Image img = new Image(png.toUri().toString());
            int w = (int) img.getWidth();
            int h = (int) img.getHeight();
            surface = new Surface(0, w, h, Surface.FMT_32_XRGB, true);
            img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), surface.pixels(), 0, w);
        }

        @Override
        public CompletableFuture<SessionHandle> connect(org.thinspice.engine.SpiceConnectOptions options, SpiceListener l) {
            listener = l;
            if (options.usbredirStreams() != null) {
                try {
                    for (int id = 0; id < 3; id++) {
                        new MemoryUsbGuest(options.usbredirStreams(), id).open();
                    }
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return CompletableFuture.completedFuture(new SessionHandle() {
                public SpiceInput input() {
                    return new NoInput();
                }

                public boolean clientMouse() {
                    return true;
                }

                public void requestSize(int width, int height) {
                }

                public void close() {
                }
            });
        }

        void frame() {
            listener.onSurfaceCreated(0, surface);
            listener.onInvalidate(0, surface, 0, 0, surface.width(), surface.height());
        }

        void drop() {
            listener.onDisconnected(new SpiceException(SpiceReason.CONNECTION_LOST, "cut"));
        }
    }

    private static final class NoInput implements SpiceInput {
        public void keyDown(int code) {
        }

        public void keyUp(int code) {
        }

        public void setLocks(int locks) {
        }

        public void mouseMotion(int dx, int dy) {
        }

        public void mousePosition(int x, int y, int displayId) {
        }

        public void buttonDown(MouseButton button) {
        }

        public void buttonUp(MouseButton button) {
        }

        public void wheel(int steps) {
        }
    }

    private static final class FixedProbe implements SystemProbe {
        public Network network() {
            return new Network(List.of("eth0 10.20.3.41"), List.of("eth0 52:54:00:3a:7c:19"), List.of("10.20.0.2"), "10.20.0.1 (eth0)");
        }

        public List<String> usbDevices() {
            return List.of("096e:0703 UKEY", "046d:c31c Keyboard");
        }

        public List<String> smartcardReaders() {
            return List.of("UKEY Reader 00 00");
        }

        public long tcpConnectMillis(String host, int port) {
            return 1;
        }
    }
}
