package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.desktop.ConnectionFiles;
import org.thinspice.controller.desktop.UserDesktop;
import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.store.Policy;
import org.thinspice.engine.vv.VvFile;

/**
 * The administrator's USB policy at the API: every bad filter is a 400 naming the rule (number and text)
 * and what is wrong, nothing stored; a good one is stored with the auto-share switch and written into the
 * .vv with virt-viewer's keys. And the terminal's USB events: audited with VID:PID, classes and verdict,
 * bounded, only for the user's own desktop, only with the session's terminal signature.
 */
class UsbPolicyApiTest {
    private static Controller controller;
    private static ControllerConfig config;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-usbpolicy"));
        c.provider.qemuBinary = "/nonexistent/qemu-system-x86_64";
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "Demo desktop";
        d.autostart = false;
        c.provider.desktops.add(d);
        config = c;
        controller = Controller.start(c);
        admin = new ApiClient(controller.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private static HttpResponse<String> putPolicy(String id, String filter) throws Exception {
        JsonObject p = ApiClient.obj("clipboard", "none", "usbFilter", filter);
        p.addProperty("usbRedirect", true);
        p.addProperty("usbAutoshare", true);
        return admin.put("/api/v1/admin/policies/" + id, p);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "\"0x08,-1,-1,-1\" => \"1\" => \"0x08,-1,-1,-1\" => \"has 4 fields; it needs class,vendor,product,version,allow\"",
        "\"0x08,-1,-1,-1,0|0x100,-1,-1,-1,1\" => \"2\" => \"0x100,-1,-1,-1,1\" => \"class 0x100 is outside -1..255\"",
        "\"-1,0x10000,-1,-1,1\" => \"1\" => \"-1,0x10000,-1,-1,1\" => \"vendor 0x10000 is outside -1..65535\"",
        "\"-1,-1,-1,-1,2\" => \"1\" => \"-1,-1,-1,-1,2\" => \"allow 2 is outside -1..1\"",
        "\"-1,-1,-1,-1,-1\" => \"1\" => \"-1,-1,-1,-1,-1\" => \"allow must be 0 or 1, not -1\"",
        "\"0x08,-1,-1,-1,0|abc,-1,-1,-1,1\" => \"2\" => \"abc,-1,-1,-1,1\" => \"class 'abc' is not a number (decimal, 0x hex, 0 octal, or -1)\"",
        "\"-1,09,-1,-1,1\" => \"1\" => \"-1,09,-1,-1,1\" => \"vendor '09' is not a number (decimal, 0x hex, 0 octal, or -1)\"",
        "\"0x08,-1,-1,-1,0||-1,-1,-1,-1,1\" => \"2\" => \"\" => \"has 1 fields; it needs class,vendor,product,version,allow\"",
        "\"0x08,-1,-1,-1,0|-1,-1,-1,-1,1 \" => \"2\" => \"-1,-1,-1,-1,1 \" => \"has a space or control character; write the rule without any\"",
        "\"0x08:-1:-1:-1:0\" => \"1\" => \"0x08:-1:-1:-1:0\" => \"has 1 fields; it needs class,vendor,product,version,allow\"",
    })
    void aBadRuleIsA400NamingItsNumberTextAndReason(String filter, int number, String text, String reason)
            throws Exception {
        HttpResponse<String> r = putPolicy("bad", filter);
        assertEquals(400, r.statusCode(), r.body());
        JsonObject e = ApiClient.json(r);
        assertEquals("invalid_field", e.get("error").getAsString());
        String message = e.get("message").getAsString();
        assertEquals("\"usbFilter\": USB filter rule " + number + " '" + text + "'" + (reason.startsWith("has ") ? " " : ": ")
                + reason, message);
        JsonObject d = e.getAsJsonObject("detail");
        assertEquals("usbFilter", d.get("field").getAsString());
        assertEquals(number, d.get("rule").getAsInt());
        assertEquals(text, d.get("ruleText").getAsString());
        assertEquals(reason, d.get("reason").getAsString());
        assertTrue(controller.store().policies().find("bad").isEmpty(), "nothing stored");
    }

    @Test
    void anEmptyOrOverlongFilterIsRefusedToo() throws Exception {
        HttpResponse<String> empty = putPolicy("bad", "");
        assertEquals(400, empty.statusCode(), empty.body());
        assertTrue(ApiClient.json(empty).get("message").getAsString().contains("\"usbFilter\" is empty"), empty.body());
        HttpResponse<String> longOne = putPolicy("bad", String.join("|", java.util.Collections.nCopies(80, "-1,-1,-1,-1,1")));
        assertEquals(400, longOne.statusCode(), longOne.body());
        assertTrue(ApiClient.json(longOne).get("message").getAsString().contains("more than 1000"), longOne.body());
        assertFalse(ApiClient.json(longOne).getAsJsonObject("detail").has("rule"), longOne.body());
        assertTrue(controller.store().policies().find("bad").isEmpty());
    }

    @Test
    void aBadSeededFilterStopsTheStartNamingTheRule() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-usbseed"));
        c.bootstrap.policies.get(0).usbFilter = "0x08,-1,-1,-1,0|0x08,-1,-1,-1,1,0";
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Controller.start(c).close());
        assertEquals("bootstrap policy office: usbFilter: USB filter rule 2 '0x08,-1,-1,-1,1,0' has 6 fields; it needs "
                + "class,vendor,product,version,allow", e.getMessage());
    }

    @Test
    void aGoodFilterIsStoredAsWrittenWithTheAutoShareSwitch() throws Exception {
        String filter = "0x08,-1,-1,-1,0|-1,0x1209,0x0002,-1,1|010,-1,-1,-1,0|-1,-1,-1,-1,1";
        HttpResponse<String> r = putPolicy("kiosk-usb", filter);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(filter, ApiClient.json(r).get("usbFilter").getAsString());
        assertTrue(ApiClient.json(r).get("usbAutoshare").getAsBoolean());
        Policy stored = controller.store().policies().find("kiosk-usb").orElseThrow();
        assertEquals(new Policy("kiosk-usb", "none", true, true, filter, false, List.of()), stored);
        JsonObject off = ApiClient.obj("clipboard", "none");
        assertFalse(ApiClient.json(admin.put("/api/v1/admin/policies/kiosk-usb", off)).get("usbAutoshare").getAsBoolean(),
                "auto-share is off unless asked for");
    }

    @Test
    void theVvCarriesVirtViewersOwnKeys() throws Exception {
        SpiceTarget t = new SpiceTarget("127.0.0.1", 5930, 0, "pw", null, null, null, null);
        DesktopInfo info = new DesktopInfo("demo", "Demo", "running");
        String deny = "0x08,-1,-1,-1,0|-1,-1,-1,-1,1";
        VvFile auto = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null,
                new UserDesktop(info, new Policy("p", "none", true, true, deny, false, List.of())), 0));
        assertEquals(java.util.Optional.of(true), auto.enableUsbredir());
        assertEquals(java.util.Optional.of(true), auto.enableUsbAutoshare());
        assertEquals(java.util.Optional.of(deny), auto.usbFilter());
        assertEquals(java.util.Optional.of("1"), auto.raw("virt-viewer", "enable-usb-autoshare"),
                "virt-viewer reads it as an integer");
        VvFile byHand = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null,
                new UserDesktop(info, new Policy("p", "none", true, false, deny, false, List.of())), 0));
        assertEquals(java.util.Optional.of(false), byHand.enableUsbAutoshare());
        assertEquals(java.util.Optional.of(deny), byHand.usbFilter());
        VvFile off = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null,
                new UserDesktop(info, new Policy("p", "none", false, true, deny, false, List.of())), 0));
        assertEquals(java.util.Optional.of(false), off.enableUsbredir());
        assertEquals(java.util.Optional.of(false), off.enableUsbAutoshare(), "no auto-share without redirection");
        VvFile legacy = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null,
                new UserDesktop(info, new Policy("p", "none", true, true, "", false, List.of())), 0));
        assertEquals(java.util.Optional.of("-1,-1,-1,-1,0"), legacy.usbFilter(), "an empty stored filter lets nothing go");
    }

    @Test
    void smartcardShareIsStoredOffUnlessAskedForAndRefusedWhenNotABoolean() throws Exception {
        JsonObject on = ApiClient.obj("clipboard", "none");
        on.addProperty("smartcardShare", true);
        HttpResponse<String> r = admin.put("/api/v1/admin/policies/card", on);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(ApiClient.json(r).get("smartcardShare").getAsBoolean());
        assertTrue(controller.store().policies().find("card").orElseThrow().smartcardShare());
        JsonObject off = ApiClient.obj("clipboard", "none");
        assertFalse(ApiClient.json(admin.put("/api/v1/admin/policies/card", off)).get("smartcardShare").getAsBoolean(),
                "sharing is off unless asked for");
        assertFalse(controller.store().policies().find("card").orElseThrow().smartcardShare());
        JsonObject bad = ApiClient.obj("clipboard", "none", "smartcardShare", "yes");
        HttpResponse<String> refused = admin.put("/api/v1/admin/policies/card2", bad);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid_field", ApiClient.json(refused).get("error").getAsString());
        assertTrue(ApiClient.json(refused).get("message").getAsString().contains("smartcardShare"), refused.body());
        assertTrue(controller.store().policies().find("card2").isEmpty(), "nothing stored");
        assertFalse(Policy.fallback().smartcardShare(), "a desktop without a policy never sees the card");
    }

    @Test
    void theVvSaysWhetherTheSmartcardIsShared() throws Exception {
        SpiceTarget t = new SpiceTarget("127.0.0.1", 5930, 0, "pw", null, null, null, null);
        DesktopInfo info = new DesktopInfo("demo", "Demo", "running");
        String deny = Policy.DEFAULT_USB_FILTER;
        VvFile share = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null,
                new UserDesktop(info, new Policy("p", "none", false, false, deny, true, List.of())), 0));
        assertEquals(java.util.Optional.of("share"), share.get("thinspice", "smartcard"));
        assertEquals(org.thinspice.engine.smartcard.SmartcardPolicy.SHARE,
                org.thinspice.engine.vv.VvConnect.options(share).build().smartcardPolicy(), "the engine reads it as share");
        VvFile none = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null,
                new UserDesktop(info, new Policy("p", "none", false, false, deny, false, List.of())), 0));
        assertEquals(java.util.Optional.of("none"), none.get("thinspice", "smartcard"));
        assertEquals(org.thinspice.engine.smartcard.SmartcardPolicy.NONE,
                org.thinspice.engine.vv.VvConnect.options(none).build().smartcardPolicy());
    }

    @Test
    void theMicrophoneIsAllowedUnlessForbiddenAndTheVvSaysSo() throws Exception {
        JsonObject plain = ApiClient.obj("clipboard", "none");
        HttpResponse<String> r = admin.put("/api/v1/admin/policies/mic", plain);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(ApiClient.json(r).get("microphone").getAsBoolean(), "allowed unless the policy forbids it");
        JsonObject forbid = ApiClient.obj("clipboard", "none");
        forbid.addProperty("microphone", false);
        assertFalse(ApiClient.json(admin.put("/api/v1/admin/policies/mic", forbid)).get("microphone").getAsBoolean());
        Policy stored = controller.store().policies().find("mic").orElseThrow();
        assertFalse(stored.microphone());
        JsonObject bad = ApiClient.obj("clipboard", "none", "microphone", "no");
        HttpResponse<String> refused = admin.put("/api/v1/admin/policies/mic2", bad);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(ApiClient.json(refused).get("message").getAsString().contains("microphone"), refused.body());
        assertFalse(Policy.fallback().microphone(), "a desktop without a policy gets no microphone");

        SpiceTarget t = new SpiceTarget("127.0.0.1", 5930, 0, "pw", null, null, null, null);
        DesktopInfo info = new DesktopInfo("demo", "Demo", "running");
        VvFile denied = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null, new UserDesktop(info, stored), 0));
        assertEquals(java.util.Optional.of("deny"), denied.get("thinspice", "microphone"));
        assertFalse(org.thinspice.engine.vv.VvConnect.options(denied).build().microphoneAllowed(),
                "the engine opens no record channel");
        VvFile allowed = VvFile.parse(ConnectionFiles.write(t, "127.0.0.1", null,
                new UserDesktop(info, controller.store().policies().find("mic").map(p -> new Policy(p.id(), p.clipboard(),
                        p.usbRedirect(), p.usbAutoshare(), p.usbFilter(), p.smartcardShare(), true, p.actions())).orElseThrow()), 0));
        assertEquals(java.util.Optional.of("allow"), allowed.get("thinspice", "microphone"));
        assertTrue(org.thinspice.engine.vv.VvConnect.options(allowed).build().microphoneAllowed());
    }

    private static JsonObject event(String action) {
        JsonObject e = new JsonObject();
        e.addProperty("action", action);
        e.addProperty("vendorId", 0x1209);
        e.addProperty("productId", 0x0001);
        e.addProperty("deviceClass", 0);
        JsonArray ifs = new JsonArray();
        ifs.add(8);
        e.add("interfaceClasses", ifs);
        e.addProperty("product", "thinspice stick");
        e.addProperty("reason", "the USB policy refuses this device");
        return e;
    }

    @Test
    void aTerminalsUsbEventLandsInTheAuditWithDeviceClassAndVerdict() throws Exception {
        ApiClient kiosk = new ApiClient(controller.port()).enrolWith(admin, "kiosk usb")
                .login(Fixtures.USER, Fixtures.USER_PASSWORD);
        HttpResponse<String> r = kiosk.post("/api/v1/desktops/demo/usb-events", event("refused"));
        assertEquals(204, r.statusCode(), r.body());
        JsonObject last = latest("usb");
        assertEquals("refused", last.get("outcome").getAsString());
        assertEquals(Fixtures.USER, last.get("user").getAsString());
        assertEquals(kiosk.terminalId, last.get("terminal").getAsString());
        assertEquals("demo", last.get("target").getAsString());
        JsonObject d = JsonParser.parseString(last.get("detail").getAsString()).getAsJsonObject();
        assertEquals("1209:0001", d.get("device").getAsString());
        assertEquals("00", d.get("class").getAsString());
        assertEquals("[\"08\"]", d.get("interfaces").toString());
        assertEquals("refused", d.get("verdict").getAsString());
        assertEquals("the USB policy refuses this device", d.get("reason").getAsString());
        String jsonLines = Files.readString(config.resolve(config.auditLog), StandardCharsets.UTF_8);
        assertTrue(jsonLines.contains("\"event\":\"usb\",\"outcome\":\"refused\""), "also in the JSON lines file");
    }

    @Test
    void usbEventsAreBoundedCheckedAndOnlyForTheUsersOwnDesktop() throws Exception {
        ApiClient kiosk = new ApiClient(controller.port()).enrolWith(admin, "kiosk usb 2")
                .login(Fixtures.USER, Fixtures.USER_PASSWORD);
        long before = controller.store().audit().latest(1000).stream().filter(e -> e.event().equals("usb")).count();
        assertEquals(404, kiosk.post("/api/v1/desktops/elsewhere/usb-events", event("redirected")).statusCode());
        JsonObject bad = event("smuggled");
        assertError(kiosk.post("/api/v1/desktops/demo/usb-events", bad), 400, "invalid_field");
        JsonObject vid = event("redirected");
        vid.addProperty("vendorId", 70000);
        assertError(kiosk.post("/api/v1/desktops/demo/usb-events", vid), 400, "invalid_field");
        JsonObject noClass = event("redirected");
        noClass.remove("deviceClass");
        assertError(kiosk.post("/api/v1/desktops/demo/usb-events", noClass), 400, "invalid_field");
        JsonObject control = event("redirected");
        control.addProperty("product", "stick\nfake audit line");
        assertError(kiosk.post("/api/v1/desktops/demo/usb-events", control), 400, "invalid_field");
        JsonObject ifs = event("redirected");
        JsonArray many = new JsonArray();
        for (int i = 0; i < 33; i++) {
            many.add(8);
        }
        ifs.add("interfaceClasses", many);
        assertError(kiosk.post("/api/v1/desktops/demo/usb-events", ifs), 400, "invalid_field");
        JsonObject big = event("redirected");
        big.addProperty("padding", "x".repeat(5000));
        assertError(kiosk.post("/api/v1/desktops/demo/usb-events", big), 413, "body_too_large");
        ApiClient unsigned = new ApiClient(controller.port());
        unsigned.token = kiosk.token;
        assertError(unsigned.post("/api/v1/desktops/demo/usb-events", event("redirected")), 401, "bad_terminal_signature");
        ApiClient nobody = new ApiClient(controller.port());
        assertError(nobody.post("/api/v1/desktops/demo/usb-events", event("redirected")), 401, "missing_token");
        long after = controller.store().audit().latest(1000).stream().filter(e -> e.event().equals("usb")).count();
        assertEquals(before, after, "no refused report reached the audit");
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, ApiClient.json(r).get("error").getAsString(), r.body());
    }

    private static JsonObject latest(String event) throws Exception {
        HttpResponse<String> r = admin.get("/api/v1/admin/audit?limit=50");
        for (JsonElement e : ApiClient.json(r).getAsJsonArray("events")) {
            if (e.getAsJsonObject().get("event").getAsString().equals(event)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + event + " event in " + r.body());
    }
}
