package org.thinspice.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.Controller;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.controller.audit.AuditEvent;
import org.thinspice.device.backends.UsbDeviceInfo;

/**
 * The kiosk's USB audit reports against a real controller (in-process, plain HTTP on loopback, a desktop
 * that is never started): signed by the terminal, recorded with VID:PID, classes and verdict; a device's
 * hostile strings cannot make a report fail.
 */
class UsbAuditClientTest {
    private Controller controller;
    private HttpControllerClient kiosk;
    private String terminalId;

    @BeforeEach
    void start() throws Exception {
        ControllerConfig c = ControllerConfig.defaults(Files.createTempDirectory("ts-usbaudit"));
        c.listen.port = 0;
        c.listen.plainHttp = true; // the client's wire, not TLS, is under test here
        c.auth.passwordIterations = 10_000;
        c.auth.requireTerminal = true;
        c.provider.qemuBinary = "/nonexistent/qemu-system-x86_64";
        ControllerConfig.SeedUser admin = new ControllerConfig.SeedUser();
        admin.username = "admin";
        admin.password = "admin-password";
        admin.role = "admin";
        ControllerConfig.SeedUser user = new ControllerConfig.SeedUser();
        user.username = "demo";
        user.password = "demo-password";
        c.bootstrap.users.addAll(List.of(admin, user));
        ControllerConfig.SeedAssignment a = new ControllerConfig.SeedAssignment();
        a.desktop = "demo";
        a.user = "demo";
        c.bootstrap.assignments.add(a);
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "Demo desktop";
        c.provider.desktops.add(d);
        controller = Controller.start(c);
        TerminalIdentity identity = TerminalIdentity.generate();
        String code = enrolmentCode();
        HttpControllerClient anonymous = new HttpControllerClient(HttpControllerClient.parseAddress(controller.baseUrl()), "",
                null, Duration.ofSeconds(10));
        terminalId = anonymous.enrol(code, "kiosk 1", identity.publicKeyB64());
        kiosk = new HttpControllerClient(HttpControllerClient.parseAddress(controller.baseUrl()), terminalId, identity,
                Duration.ofSeconds(10));
        assertInstanceOf(LoginOutcome.SignedIn.class, kiosk.login("demo", "demo-password".toCharArray()));
    }

    private String enrolmentCode() throws Exception {
        HttpControllerClient admin = new HttpControllerClient(HttpControllerClient.parseAddress(controller.baseUrl()), "",
                null, Duration.ofSeconds(10));
        String token = ((LoginOutcome.SignedIn) admin.login("admin", "admin-password".toCharArray())).token();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(controller.baseUrl() + "/api/v1/admin/enrolment-codes"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(r.body()).getAsJsonObject().get("code").getAsString();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private AuditEvent lastUsbEvent() throws Exception {
        return controller.store().audit().latest(20).stream().filter(e -> e.event().equals("usb")).findFirst()
                .orElseThrow(() -> new AssertionError("no usb event in the audit"));
    }

    @Test
    void aRefusalReportedByTheTerminalIsInTheAudit() throws Exception {
        UsbDeviceInfo stick = new UsbDeviceInfo(2, 0, 0, 0, 0x1209, 0x0001, 0x0100, "thinspice stick",
                List.of(new UsbDeviceInfo.Interface(0, 0x08, 0x06, 0x50)), List.of());
        UsbAudit audit = kiosk;
        audit.report(UsbAudit.UsbEvent.of("demo", UsbAudit.Action.REFUSED, stick, "the USB policy refuses this device"));
        AuditEvent e = lastUsbEvent();
        assertEquals("refused", e.outcome());
        assertEquals("demo", e.username());
        assertEquals(terminalId, e.terminalId());
        assertEquals("demo", e.target());
        JsonObject d = JsonParser.parseString(e.detail()).getAsJsonObject();
        assertEquals("1209:0001", d.get("device").getAsString());
        assertEquals("00", d.get("class").getAsString());
        assertEquals("[\"08\"]", d.get("interfaces").toString());
        assertEquals("thinspice stick", d.get("product").getAsString());
        assertEquals("refused", d.get("verdict").getAsString());
        assertEquals("the USB policy refuses this device", d.get("reason").getAsString());
    }

    @Test
    void aDevicesHostileStringsAreCleanedSoItsReportStillLands() throws Exception {
        List<UsbDeviceInfo.Interface> ifs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ifs.add(new UsbDeviceInfo.Interface(i, 0xFF, 0, 0));
        }
        UsbDeviceInfo evil = new UsbDeviceInfo(2, 0xFF, 0, 0, 0xdead, 0xbeef, 0, "evil\n{\"event\":\"login\"}" + "x".repeat(500),
                ifs, List.of());
        kiosk.report(UsbAudit.UsbEvent.of("demo", UsbAudit.Action.REDIRECTED, evil, "r".repeat(2000)));
        JsonObject d = JsonParser.parseString(lastUsbEvent().detail()).getAsJsonObject();
        assertEquals("dead:beef", d.get("device").getAsString());
        assertTrue(d.get("product").getAsString().startsWith("evil?{\"event\""), d.toString());
        assertEquals(UsbAudit.UsbEvent.MAX_PRODUCT, d.get("product").getAsString().length());
        assertEquals(UsbAudit.UsbEvent.MAX_REASON, d.get("reason").getAsString().length());
        assertEquals(UsbAudit.UsbEvent.MAX_INTERFACES, d.getAsJsonArray("interfaces").size());
    }

    @Test
    void anotherUsersDesktopIsRefusedAndABadIdNeverLeavesTheTerminal() {
        ControllerException e = assertThrows(ControllerException.class, () -> kiosk.report(new UsbAudit.UsbEvent(
                "someone-elses", UsbAudit.Action.REDIRECTED, 1, 2, 8, List.of(), "", "")));
        assertEquals(404, e.status());
        assertThrows(IllegalArgumentException.class, () -> new UsbAudit.UsbEvent("../admin/users",
                UsbAudit.Action.REDIRECTED, 1, 2, 8, List.of(), "", ""));
        assertThrows(IllegalArgumentException.class, () -> new UsbAudit.UsbEvent("demo", UsbAudit.Action.REDIRECTED,
                0x10000, 2, 8, List.of(), "", ""));
    }
}
