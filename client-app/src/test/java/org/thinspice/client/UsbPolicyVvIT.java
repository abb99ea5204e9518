package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.api.LoginOutcome;
import org.thinspice.client.api.TerminalIdentity;
import org.thinspice.client.api.UsbAudit;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.cli.UsbSessionCommand;
import org.thinspice.device.host.HostEvents;
import org.thinspice.testbed.Qmp;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;

/**
 * The administrator's USB policy end to end: the controller's policy denies mass storage; the .vv it
 * issues carries that in virt-viewer's own keys; a session opened from it by the engine and the device
 * layer ({@code session --vv … --usb-stick …}) refuses the simulated stick before anything reaches QEMU
 * (QMP {@code info usb} unchanged, while the session's usbredir channel was up); the terminal's report
 * of the refusal, through the kiosk's controller client, is in the controller's audit; and remote-viewer,
 * given a .vv for the same desktop, takes the same rules as its auto-connect filter.
 */
class UsbPolicyVvIT {
    static final String DENY_STORAGE = "0x08,-1,-1,-1,0|-1,-1,-1,-1,1";

    @Test
    void theControllersDenyRuleKeepsTheStickOutForThinspiceAndRemoteViewerAndIsAudited() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), "usbpolicy-");
        try (ControllerFixture controller = ControllerFixture.startWithUsbRedir(dir, 2)) {
            String admin = adminToken(controller);
            JsonObject policy = new JsonObject();
            policy.addProperty("clipboard", "both");
            policy.addProperty("usbRedirect", true);
            policy.addProperty("usbAutoshare", true);
            policy.addProperty("usbFilter", DENY_STORAGE);
            JsonArray actions = new JsonArray();
            actions.add("start");
            policy.add("actions", actions);
            HttpResponse<String> put = admin(controller, admin, "PUT", "/api/v1/admin/policies/demo", policy.toString());
            assertEquals(200, put.statusCode(), put.body());

            HttpControllerClient kiosk = enrolledKiosk(controller);
            ControllerFixture.await("the desktop running", Duration.ofSeconds(60),
                    () -> kiosk.desktops().get(0).state().equals("running"));
            String vv = kiosk.connection("demo");
            assertTrue(vv.contains("\nenable-usbredir=1\n") && vv.contains("\nenable-usb-autoshare=1\n")
                    && vv.contains("\nusb-filter=" + DENY_STORAGE + "\n"), vv);

            try (Qmp qmp = Qmp.connect(controller.oracleSocket, dir, Duration.ofSeconds(30))) {
                String before = qmp.hmp("info usb");
                thinspiceRefusesTheStickAndTheRefusalIsAudited(controller, admin, kiosk, vv, dir, qmp, before);
                remoteViewerTakesTheSameFilter(kiosk.connection("demo"), dir, qmp, before);
            }
        }
    }

    private static void thinspiceRefusesTheStickAndTheRefusalIsAudited(ControllerFixture controller, String admin,
            HttpControllerClient kiosk, String vv, Path dir, Qmp qmp, String before) throws Exception {
        Path file = dir.resolve("thinspice.vv");
        Files.writeString(file, vv);
        Path image = dir.resolve("stick.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(4L << 20);
        }
        // What a kiosk does with the device layer's events: report each to the controller, off the caller's thread.
        ExecutorService reporter = Executors.newSingleThreadExecutor();
        List<String> failures = new CopyOnWriteArrayList<>();
        HostEvents audit = new HostEvents() {
            @Override
            public void onRefused(UsbDeviceInfo d, String reason) {
                reporter.execute(() -> {
                    try {
                        kiosk.report(UsbAudit.UsbEvent.of("demo", UsbAudit.Action.REFUSED, d, reason));
                    } catch (Exception e) {
                        failures.add(String.valueOf(e));
                    }
                });
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            code = UsbSessionCommand.run(new String[] {"--vv", file.toString(), "--duration-s", "6", "--usb-stick",
                image.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), audit);
        } finally {
            reporter.shutdown();
            assertTrue(reporter.awaitTermination(30, TimeUnit.SECONDS), "the report was sent");
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, e);
        assertTrue(e.contains("usb-stick: not redirected: refused by policy: the USB policy refuses this device"), e);
        JsonObject session = JsonParser.parseString(out.toString(StandardCharsets.UTF_8).trim()).getAsJsonObject();
        JsonObject bytes = session.getAsJsonObject("bytes");
        long usbredirBytes = bytes.keySet().stream().filter(k -> k.startsWith("usbredir"))
                .mapToLong(k -> bytes.get(k).getAsLong()).sum();
        assertTrue(usbredirBytes > 0,
                "the desktop's usbredir channel was up (QEMU's hello arrived), so only the policy kept the stick out: "
                        + session);
        assertEquals(before, qmp.hmp("info usb"), "nothing reached QEMU's usb-redir");
        assertEquals(List.of(), failures);

        JsonObject event = latestUsbEvent(controller, admin);
        assertEquals("refused", event.get("outcome").getAsString(), event.toString());
        assertEquals(ControllerFixture.USER, event.get("user").getAsString());
        assertEquals("demo", event.get("target").getAsString());
        JsonObject detail = JsonParser.parseString(event.get("detail").getAsString()).getAsJsonObject();
        assertEquals("1209:0001", detail.get("device").getAsString());
        assertEquals("00", detail.get("class").getAsString());
        assertEquals("[\"08\"]", detail.get("interfaces").toString(), "mass storage, class 08, on its interface");
        assertEquals("refused", detail.get("verdict").getAsString());
        assertEquals("refused by policy: the USB policy refuses this device", detail.get("reason").getAsString());
    }

    /**
     * remote-viewer reads {@code usb-filter} from the file into spice-gtk's auto-connect filter
     * (virt-viewer-session-spice.c fill_session); spice-gtk's debug log names the filter it was set to,
     * after its own default ({@code 0x03,…}) — a misnamed key would leave only the default there.
     */
    private static void remoteViewerTakesTheSameFilter(String vv, Path dir, Qmp qmp, String before) throws Exception {
        Path file = dir.resolve("remote-viewer.vv");
        Files.writeString(file, vv);
        Path log = dir.resolve("remote-viewer.log");
        try (XServer x = XServer.start(dir.resolve("x"), 1024, 768);
                RemoteViewer viewer = RemoteViewer.start(x, log, "--spice-debug", file.toString())) {
            ControllerFixture.await("remote-viewer's usbredir channel up and its filter set", Duration.ofSeconds(60), () -> {
                if (!viewer.isAlive()) {
                    throw new AssertionError("remote-viewer ended: " + viewer.log());
                }
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                return text.contains("auto-connect filter set to " + DENY_STORAGE) && usbredirChannels(qmp) > 0;
            });
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            List<String> filters = text.lines().filter(l -> l.contains("auto-connect filter set to"))
                    .map(l -> l.substring(l.indexOf("auto-connect filter set to ") + 27).trim()).toList();
            assertEquals(DENY_STORAGE, filters.get(filters.size() - 1), "the file's filter is the one in force: " + filters);
            assertEquals(before, qmp.hmp("info usb"), "remote-viewer attached nothing either");
        }
    }

    /** usbredir channels (type 9) that QEMU's spice-server has connected. */
    private static long usbredirChannels(Qmp qmp) throws Exception {
        JsonArray channels = qmp.querySpice().getAsJsonArray("channels");
        long n = 0;
        for (JsonElement c : channels) {
            if (c.getAsJsonObject().get("channel-type").getAsInt() == 9) {
                n++;
            }
        }
        return n;
    }

    static HttpControllerClient enrolledKiosk(ControllerFixture controller) throws Exception {
        URI base = HttpControllerClient.parseAddress(controller.url());
        TerminalIdentity identity = TerminalIdentity.generate();
        String id = new HttpControllerClient(base, "", null, Duration.ofSeconds(10))
                .enrol(controller.enrolmentCode(), "usb kiosk", identity.publicKeyB64());
        HttpControllerClient kiosk = new HttpControllerClient(base, id, identity, Duration.ofSeconds(30));
        LoginOutcome in = kiosk.login(ControllerFixture.USER, ControllerFixture.PASSWORD.toCharArray());
        assertTrue(in instanceof LoginOutcome.SignedIn, String.valueOf(in));
        return kiosk;
    }

    static String adminToken(ControllerFixture controller) throws Exception {
        JsonObject login = new JsonObject();
        login.addProperty("username", ControllerFixture.ADMIN);
        login.addProperty("password", ControllerFixture.ADMIN_PASSWORD);
        HttpResponse<String> r = admin(controller, null, "POST", "/api/v1/auth/login", login.toString());
        return JsonParser.parseString(r.body()).getAsJsonObject().get("token").getAsString();
    }

    static HttpResponse<String> admin(ControllerFixture controller, String token, String method, String path,
            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject latestUsbEvent(ControllerFixture controller, String admin) throws Exception {
        HttpResponse<String> r = admin(controller, admin, "GET", "/api/v1/admin/audit?limit=100", null);
        for (JsonElement e : JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("events")) {
            if (e.getAsJsonObject().get("event").getAsString().equals("usb")) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no usb event in the controller's audit: " + r.body());
    }
}
