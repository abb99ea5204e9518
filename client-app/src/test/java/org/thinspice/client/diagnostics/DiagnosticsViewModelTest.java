package org.thinspice.client.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.client.core.AdminPin;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.testing.FakeApi;
import org.thinspice.client.testing.Models;

class DiagnosticsViewModelTest {
    @TempDir
    Path dir;

    private static final SystemProbe PROBE = new SystemProbe() {
        public Network network() {
            return new Network(List.of("eth0 10.0.0.7"), List.of("eth0 52:54:00:12:34:56"), List.of("10.0.0.1"), "10.0.0.1 (eth0)");
        }

        public List<String> usbDevices() {
            return List.of("096e:0703 UKEY");
        }

        public List<String> smartcardReaders() {
            return List.of("Virtual PCD 00 00");
        }

        public long tcpConnectMillis(String host, int port) {
            return port == 8480 ? 2 : -1;
        }
    };

    private static String value(List<DiagnosticsViewModel.Fact> facts, String key) {
        return facts.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().value();
    }

    private static Boolean ok(List<DiagnosticsViewModel.Fact> facts, String key) {
        return facts.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().ok();
    }

    @Test
    void factsChecksAndLatencySeries() throws Exception {
        TerminalConfig c = Models.enrolled();
        c.gateway = "127.0.0.1:9443";
        Models m = new Models(dir, c);
        m.model.setLastSession(new SessionReport("Demo", 24.5, 400_000, 300, 420, 60_000, Map.of("quic", 3L)));
        DiagnosticsViewModel vm = new DiagnosticsViewModel(m.model, m.ui, PROBE, "1.2.3");
        vm.refresh();
        assertEquals("t-0001", value(vm.facts(), "diag.terminalId"));
        assertEquals("1.2.3", value(vm.facts(), "diag.version"));
        assertEquals("eth0 10.0.0.7", value(vm.facts(), "diag.ip"));
        assertEquals("eth0 52:54:00:12:34:56", value(vm.facts(), "diag.mac"));
        assertEquals("10.0.0.1 (eth0)", value(vm.facts(), "diag.gateway"));
        assertEquals("096e:0703 UKEY", value(vm.facts(), "diag.usb"));
        assertEquals("Virtual PCD 00 00", value(vm.facts(), "diag.readers"));
        assertEquals("10/10  3 ms", value(vm.checks(), "diag.controller"));
        assertTrue(ok(vm.checks(), "diag.controllerPort"));
        assertEquals("+1.5 s", value(vm.checks(), "diag.clockSkew"));
        assertFalse(ok(vm.checks(), "diag.gatewayPort"), "nothing listens on the gateway port");
        assertEquals(DiagnosticsViewModel.LATENCY_SAMPLES, vm.latencies().size());
        assertEquals(24.5, vm.lastSessionProperty().get().fps());
    }

    @Test
    void everyUsbDeviceWithClassIdSpeedAndVerdictAndWhyThereAreNoRealOnes() throws Exception {
        Path image = dir.resolve("stick.img");
        org.thinspice.device.backends.sim.FatImage.write(image, 4L << 20, "DIAG", Map.of());
        org.thinspice.client.usb.UsbManager usb = new org.thinspice.client.usb.UsbManager(List.of(
                new org.thinspice.client.usb.Usb4JavaSource(dir.resolve("no-sys-bus-usb"), () -> {
                    throw new AssertionError("no libusb without a USB subsystem");
                }), new org.thinspice.client.usb.SimulatedUsbSource(List.of(image.toString()))),
                org.thinspice.client.usb.UsbAudit.LOG, Runnable::run);
        Models m = new Models(dir.resolve("terminal"), Models.enrolled());
        DiagnosticsViewModel vm = new DiagnosticsViewModel(m.model, m.ui, PROBE, "1.2.3", usb);
        vm.refresh();
        assertEquals(List.of("usb.problem.noSubsystem"), vm.usbProblems().stream().map(p -> p.key()).toList());
        assertEquals(1, vm.usbRows().size());
        var stick = vm.usbRows().get(0);
        assertEquals("1209:0001", stick.info().id());
        assertEquals(0x08, stick.usbClass());
        assertEquals("usb.class.08", stick.classKey());
        assertEquals("480 Mb/s", stick.speed());
        assertEquals("usb.verdict.REDIRECT", stick.verdictKey(), "the default rules (no desktop yet): all but HID");
        assertTrue(stick.simulated());
        usb.close();
    }

    @Test
    void unreachableControllerIsMarkedAndWorksBeforeEnrolment() throws Exception {
        TerminalConfig c = new TerminalConfig();
        c.controllerUrl = "http://127.0.0.1:9";
        Models m = new Models(dir, c);
        m.api.failAll = FakeApi.unreachable();
        DiagnosticsViewModel vm = new DiagnosticsViewModel(m.model, m.ui, PROBE, "1.2.3");
        vm.refresh();
        assertEquals("-", value(vm.facts(), "diag.terminalId"));
        assertEquals("0/10", value(vm.checks(), "diag.controller"));
        assertFalse(ok(vm.checks(), "diag.controller"));
        assertFalse(ok(vm.checks(), "diag.controllerPort"));
        assertTrue(vm.latencies().stream().allMatch(x -> x == -1));
    }

    @Test
    void exportWritesOneArchiveWithLogsAndNoPinHash() throws Exception {
        TerminalConfig c = Models.enrolled();
        c.adminPinHash = AdminPin.hash("24681357");
        Models m = new Models(dir.resolve("data"), c);
        Files.createDirectories(m.model.store().logDir());
        Files.writeString(m.model.store().logDir().resolve("kiosk.log"), "hello log\n");
        DiagnosticsViewModel vm = new DiagnosticsViewModel(m.model, m.ui, PROBE, "1.2.3");
        vm.refresh();
        Path stick = dir.resolve("usb-stick");
        vm.exportLogs(stick);
        assertEquals("diag.exported", vm.messageProperty().get().key());
        Path zip = Path.of((String) vm.messageProperty().get().args()[0]);
        assertTrue(zip.startsWith(stick));
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().forEach(e -> names.add(e.getName()));
            assertEquals("hello log\n", new String(z.getInputStream(z.getEntry("logs/kiosk.log")).readAllBytes(), StandardCharsets.UTF_8));
            String config = new String(z.getInputStream(z.getEntry("config.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(config.contains("pbkdf2"), config);
            assertTrue(new String(z.getInputStream(z.getEntry("diagnostics.txt")).readAllBytes(), StandardCharsets.UTF_8)
                    .contains("diag.ip: eth0 10.0.0.7"));
        }
        assertEquals(List.of("diagnostics.txt", "config.json", "logs/kiosk.log"), names);
    }

    @Test
    void defaultGatewayFromProcNetRoute() {
        assertEquals("10.0.2.2 (eth0)", LinuxProbe.parseRoute(List.of(
                "Iface\tDestination\tGateway \tFlags",
                "eth0\t0002000A\t00000000\t0001",
                "eth0\t00000000\t0202000A\t0003")));
        assertEquals("", LinuxProbe.parseRoute(List.of("Iface\tDestination\tGateway")));
    }

    @Test
    void theLastSessionSaysHowManyClipboardTransfersCrossedEachWay() {
        SessionReport r = new SessionReport("Demo", 24.5, 400_000, 300, 420, 60_000, Map.of(), 3, 1);
        org.thinspice.client.core.Message m = DiagnosticsViewModel.clipboardCounts(r);
        org.thinspice.client.core.Strings en = new org.thinspice.client.core.Strings(
                org.thinspice.client.core.Strings.forTag("en"));
        org.thinspice.client.core.Strings zh = new org.thinspice.client.core.Strings(
                org.thinspice.client.core.Strings.forTag("zh-CN"));
        assertEquals("3 out of the desktop, 1 into it", en.get(m.key(), m.args()));
        assertEquals("桌面到终端 3 次，终端到桌面 1 次", zh.get(m.key(), m.args()));
        assertEquals("剪贴板", zh.get("diag.clipboard"));
        assertEquals(0, new SessionReport("Old", 1, 1, 1, 1, 1, Map.of()).clipboardToDesktop());
    }
}
