package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.LoginOutcome;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.login.LoginViewModel;
import org.thinspice.client.login.SecondFactorResponder;
import org.thinspice.client.shell.KioskShell;
import org.thinspice.controller.Controller;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.testbed.Pcscd;
import org.thinspice.testbed.VirtualPivCard;
import org.thinspice.testbed.VpcdCard;

/**
 * UKEY two-factor sign-in end to end, on the kiosk's screen: testbed's virtual PIV card → vpcd → Debian's
 * pcscd → libpcsclite → jnasmartcardio → the kiosk (ReaderWatcher for the reader state, the PIN typed on
 * the pad or the keyboard, the card signing the controller's text) → the real controller, which checks the
 * signature against the enrolled certificate. Every refusal is seen in the kiosk's words and in the
 * controller's audit log with its own reason.
 */
class UkeyLoginIT {
    private static final String PIN = "123456";
    /** How far the controller's clock runs ahead of the real one (the expired-challenge case moves it). */
    private static final AtomicLong AHEAD = new AtomicLong();
    private static Path dir;
    private static Pcscd pcscd;
    private static Controller controller;
    private static FxHarness fx;
    private static String adminToken;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final class AheadClock extends Clock {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(System.currentTimeMillis() + AHEAD.get());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "it", "ukey-" + System.nanoTime())).toAbsolutePath();
        pcscd = Pcscd.start();
        ControllerConfig c = ControllerConfig.defaults(dir.resolve("controller-data"));
        // plain HTTP on loopback, on purpose: this test is about the UKEY
        c.listen.plainHttp = true;
        c.listen.port = 0;
        c.auth.passwordIterations = 10_000;
        c.auth.requireTerminal = true;
        c.auth.maxFailures = 100;
        c.bootstrap.users.add(ControllerFixture.user("admin", "admin-password", "admin"));
        c.bootstrap.users.add(ControllerFixture.user("teller", "teller-password", "user"));
        controller = Controller.start(c, new AheadClock());
        adminToken = JsonParser.parseString(post("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"admin-password\"}", null)
                .body()).getAsJsonObject().get("token").getAsString();
        TerminalConfig tc = new TerminalConfig();
        tc.language = "en";
        fx = FxHarness.launch(dir.resolve("terminal"), tc);
        fx.write("enrol-address", controller.baseUrl());
        fx.write("enrol-code", JsonParser.parseString(post("/api/v1/admin/enrolment-codes", "{}", adminToken).body())
                .getAsJsonObject().get("code").getAsString());
        fx.clickOn("enrol-submit");
        ControllerFixture.await("the sign-in screen", Duration.ofSeconds(20), () -> fx.shell.screen() == KioskShell.Screen.LOGIN);
        assertEquals(200, put("/api/v1/admin/users/teller/ukey/policy", "{\"login\":\"required\",\"removal\":\"lock\"}").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    private static HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(controller.baseUrl() + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void enrol(VirtualPivCard card) throws Exception {
        JsonObject o = new JsonObject();
        o.addProperty("certificate", Base64.getEncoder().encodeToString(card.certificate().getEncoded()));
        HttpResponse<String> r = post("/api/v1/admin/users/teller/ukey/certificates", o.toString(), adminToken);
        assertEquals(201, r.statusCode(), r.body());
    }

    /** Waits for an audit line of the teller's with this outcome and reason text. */
    private static void audited(String outcome, String reason) throws Exception {
        ControllerFixture.await("audit line \"" + outcome + " / " + reason + "\"", Duration.ofSeconds(10), () -> {
            String events = HTTP.send(HttpRequest.newBuilder(URI.create(controller.baseUrl() + "/api/v1/admin/audit?limit=200"))
                    .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (var e : JsonParser.parseString(events).getAsJsonObject().getAsJsonArray("events")) {
                String line = e.toString();
                if (line.contains("\"teller\"") && line.contains("\"outcome\":\"" + outcome + "\"") && line.contains(reason)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static VpcdCard insert(VirtualPivCard card) throws Exception {
        VpcdCard c = VpcdCard.insert(card, pcscd.slotPort(0));
        ControllerFixture.await("pcscd to see the card", Duration.ofSeconds(20),
                () -> KioskApp.ukey.get().presence() == SecondFactorResponder.Presence.READY);
        return c;
    }

    /** Username and password on the sign-in screen, up to the PIN pad. */
    private static void password() throws Exception {
        FxHarness.on(() -> {
            fx.shell.loginVm().usernameProperty().set("");
            fx.shell.loginVm().passwordProperty().set("");
            return null;
        });
        fx.write("login-username", "teller");
        fx.write("login-password", "teller-password");
        fx.clickOn("login-submit");
        ControllerFixture.await("the PIN pad", Duration.ofSeconds(20), () -> fx.visible("login-pin"));
    }

    private static void typeOnPad(String digits) throws Exception {
        for (char d : digits.toCharArray()) {
            fx.clickOn("pin-" + d);
        }
        fx.clickOn("login-pin-submit");
    }

    private static void awaitMessage(String text) throws Exception {
        ControllerFixture.await("\"" + text + "\" on screen", Duration.ofSeconds(30), () -> fx.text("login-message").equals(text));
    }

    @Test
    void theWholeUkeyLoginWithEveryRefusalInItsOwnWords() throws Exception {
        VirtualPivCard rsa = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, PIN, 3);
        enrol(rsa);
        // no card yet: the pad says so
        password();
        ControllerFixture.await("insert your UKEY", Duration.ofSeconds(10), () -> fx.text("ukey-state").equals("Insert your UKEY (security token)."));
        VpcdCard card = insert(rsa);
        ControllerFixture.await("ready", Duration.ofSeconds(20), () -> fx.text("ukey-state").equals("UKEY ready: enter its PIN."));
        ControllerFixture.await("tries left", Duration.ofSeconds(20), () -> fx.text("ukey-tries").equals("3 tries left"));

        // wrong PIN on the pad: the tries left, the pad stays open
        typeOnPad("999999");
        awaitMessage("Wrong PIN: 2 tries left before the UKEY blocks.");
        assertEquals("2 tries left", fx.text("ukey-tries"));

        // the card pulled in the middle of signing (GENERAL AUTHENTICATE)
        card.pullOnNext(0x87);
        typeOnPad(PIN);
        awaitMessage("The UKEY was removed while it was being read. Insert it again and enter the PIN.");
        card.insert();
        ControllerFixture.await("ready again", Duration.ofSeconds(20), () -> fx.text("ukey-state").equals("UKEY ready: enter its PIN."));

        // the right PIN typed on the terminal's keyboard, Enter: signed in
        fx.write("login-pin", PIN);
        fx.robot.type(KeyCode.ENTER);
        ControllerFixture.await("the desktops screen", Duration.ofSeconds(30), () -> fx.shell.screen() == KioskShell.Screen.DESKTOPS);
        audited("ok", "");

        // removal policy "lock": pulling the card locks the kiosk; the same card and its PIN unlock it
        card.remove();
        ControllerFixture.await("the lock", Duration.ofSeconds(20), () -> fx.visible("unlock-pin"));
        assertTrue(fx.shell.locked());
        card.insert();
        fx.write("unlock-pin", PIN);
        fx.clickOn("unlock-submit");
        ControllerFixture.await("unlocked", Duration.ofSeconds(30), () -> !fx.shell.locked());
        fx.clickOn("desktops-signout");
        ControllerFixture.await("signed out", Duration.ofSeconds(20), () -> fx.shell.screen() == KioskShell.Screen.LOGIN);

        // an unenrolled card
        card.close();
        VirtualPivCard stranger = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, PIN, 3);
        VpcdCard strangerCard = insert(stranger);
        password();
        ControllerFixture.await("ready", Duration.ofSeconds(20), () -> fx.text("ukey-state").equals("UKEY ready: enter its PIN."));
        typeOnPad(PIN);
        awaitMessage("This UKEY is not registered for you. Ask your administrator to enrol it.");
        audited("failed", "unenrolled certificate");

        // an expired challenge: the controller's clock moves past the minute before the answer
        strangerCard.close();
        VirtualPivCard ec = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, PIN, 3);
        enrol(ec);
        VpcdCard ecCard = insert(ec);
        password();
        AHEAD.addAndGet(61_000);
        try {
            typeOnPad(PIN);
            awaitMessage("The sign-in took too long (over a minute). Sign in again.");
        } finally {
            AHEAD.addAndGet(-61_000);
        }
        audited("failed", "expired challenge");

        // a replayed signature: the kiosk's own client answers one challenge twice with the card's signature
        LoginOutcome.SecondFactor ch = (LoginOutcome.SecondFactor) fx.shell.model().api().login("teller", "teller-password".toCharArray());
        SecondFactorResponder.UkeyAnswer a = KioskApp.ukey.get().respond(ch.signText(), PIN.toCharArray());
        assertTrue(fx.shell.model().api().ukeyAnswer(ch.challengeId(), a.certificate(), a.signature()) instanceof LoginOutcome.SignedIn);
        ControllerException replay = assertThrows(ControllerException.class,
                () -> fx.shell.model().api().ukeyAnswer(ch.challengeId(), a.certificate(), a.signature()));
        assertEquals("challenge_replayed", replay.code());
        audited("failed", "replayed challenge");
        fx.shell.model().api().logout();

        // pcscd restarted: the kiosk's watcher comes back, the card goes in again, sign-in works
        pcscd.restart();
        ecCard.remove();
        ecCard.insert();
        password();
        ControllerFixture.await("ready after the pcscd restart", Duration.ofSeconds(30),
                () -> fx.text("ukey-state").equals("UKEY ready: enter its PIN."));
        typeOnPad(PIN);
        ControllerFixture.await("the desktops screen", Duration.ofSeconds(30), () -> fx.shell.screen() == KioskShell.Screen.DESKTOPS);
        fx.clickOn("desktops-signout");
        ControllerFixture.await("signed out", Duration.ofSeconds(20), () -> fx.shell.screen() == KioskShell.Screen.LOGIN);

        // a blocked card: three wrong PINs on the pad, its own words, and the controller audits it
        ecCard.close();
        VirtualPivCard once = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, PIN, 1);
        enrol(once);
        insert(once);
        password();
        ControllerFixture.await("ready", Duration.ofSeconds(20), () -> fx.text("ukey-state").equals("UKEY ready: enter its PIN."));
        typeOnPad("000000");
        awaitMessage("The UKEY is blocked (too many wrong PINs). Ask your administrator to unblock it.");
        audited("failed", "blocked card");
        assertEquals(LoginViewModel.State.FAILED, FxHarness.on(() -> fx.shell.loginVm().stateProperty().get()));
    }
}
