package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.core.Ui;
import org.thinspice.client.desktops.ConnectRequest;
import org.thinspice.client.session.SessionConnector;
import org.thinspice.client.session.SessionHandle;
import org.thinspice.client.session.SessionViewModel;
import org.thinspice.client.testing.ManualScheduler;
import org.thinspice.client.ukey.PcscCardShare;
import org.thinspice.client.usb.UsbManager;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.PcscSocket;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.smartcard.SmartcardChannel;
import org.thinspice.testbed.Pcscd;
import org.thinspice.testbed.Qmp;
import org.thinspice.testbed.VirtualPivCard;
import org.thinspice.testbed.VpcdCard;

/**
 * Smartcard sharing end to end: the controller's policy says {@code smartcardShare}; the .vv it issues says
 * {@code [thinspice] smartcard=share}; the kiosk's session view model, given the terminal's PC/SC (pcscd + vpcd
 * with the virtual PIV card in it), opens the engine's smartcard channel with a {@code SharedCardReader}, and
 * QEMU's spice-server (usb-ccid + ccid-card-passthru) lists a client channel of type 8 (QMP query-spice). With
 * the policy off the .vv says {@code none} and no smartcard channel is listed.
 */
class SmartcardShareVvIT {
    @Test
    void thePolicySharesTheTerminalsCardWithTheDesktopAndOnlyThen() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), "cardshare-");
        try (Pcscd pcscd = Pcscd.start();
                ControllerFixture controller = ControllerFixture.startWithSmartcard(dir)) {
            PcscSocket.use(pcscd.socket());
            Pcsc pcsc = Pcsc.system();
            String admin = UsbPolicyVvIT.adminToken(controller);
            HttpControllerClient kiosk = UsbPolicyVvIT.enrolledKiosk(controller);
            ControllerFixture.await("the desktop running", Duration.ofSeconds(60),
                    () -> kiosk.desktops().get(0).state().equals("running"));
            try (VpcdCard card = VpcdCard.insert(new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3),
                    pcscd.slotPort(0));
                    Qmp qmp = Qmp.connect(controller.oracleSocket, dir, Duration.ofSeconds(30))) {
                putPolicy(controller, admin, true);
                String vv = kiosk.connection("demo");
                assertTrue(vv.contains("\n[thinspice]\n") && vv.contains("\nsmartcard=share\n"), vv);
                Opened on = open(vv, pcsc);
                try {
                    ControllerFixture.await("QMP query-spice lists a smartcard channel (type 8)", Duration.ofSeconds(30),
                            () -> smartcardChannels(qmp) > 0);
                    // ReaderAdd and ATR out, QEMU's passthru acks back: the card's reader is in the desktop's CCID device
                    ControllerFixture.await("the reader announced and the card's ATR acknowledged", Duration.ofSeconds(30),
                            () -> on.session.get() != null && on.session.get().smartcard(0) != null
                                    && on.session.get().smartcard(0).messagesOut() >= 2
                                    && on.session.get().smartcard(0).messagesIn() >= 2);
                    assertNotNull(on.options.get(0).smartcardReaders(), "the kiosk gave the session the card's readers");
                } finally {
                    on.vm.disconnect();
                    closeQuietly(on.session.get());
                }
                ControllerFixture.await("the smartcard channel gone with the session", Duration.ofSeconds(30),
                        () -> smartcardChannels(qmp) == 0);

                putPolicy(controller, admin, false);
                String none = kiosk.connection("demo");
                assertTrue(none.contains("\nsmartcard=none\n"), none);
                Opened off = open(none, pcsc);
                try {
                    ControllerFixture.await("the session linked", Duration.ofSeconds(30),
                            () -> off.session.get() != null && off.session.get().mainChannel() != null);
                    Thread.sleep(3000); // a smartcard channel, had it been opened, would have linked by now
                    assertNull(off.options.get(0).smartcardReaders(), "the card was not handed to the session");
                    assertNull(off.session.get().smartcard(0));
                    assertEquals(0, smartcardChannels(qmp), "QMP query-spice lists no smartcard channel: " + qmp.querySpice());
                } finally {
                    off.vm.disconnect();
                    closeQuietly(off.session.get());
                }
            }
        }
    }

    /** What one kiosk session opened: the options it connected with and the engine's session. */
    private record Opened(SessionViewModel vm, List<SpiceConnectOptions> options, AtomicReference<SpiceSession> session) {
    }

    /** The kiosk's session view model over the real engine, with the terminal's card behind PcscCardShare. */
    private static Opened open(String vv, Pcsc pcsc) {
        List<SpiceConnectOptions> options = new CopyOnWriteArrayList<>();
        AtomicReference<SpiceSession> session = new AtomicReference<>();
        SessionConnector engine = (o, listener) -> {
            options.add(o);
            CompletableFuture<SessionHandle> f = SpiceSession.connect(o, listener).thenApply(s -> {
                session.set(s);
                return SessionHandle.of(s);
            });
            return f;
        };
        Ui ui = new Ui(Runnable::run, Runnable::run, new ManualScheduler());
        SessionViewModel vm = new SessionViewModel(ui, engine, new ConnectRequest(null, vv, () -> vv), r -> { },
                UsbManager.none(), new PcscCardShare(pcsc));
        vm.start();
        assertEquals(1, options.size(), "the view model connected once");
        return new Opened(vm, options, session);
    }

    private static void closeQuietly(SpiceSession s) {
        if (s != null) {
            s.close();
        }
    }

    private static void putPolicy(ControllerFixture controller, String admin, boolean share) throws Exception {
        JsonObject policy = new JsonObject();
        policy.addProperty("clipboard", "none");
        policy.addProperty("smartcardShare", share);
        HttpResponse<String> r = UsbPolicyVvIT.admin(controller, admin, "PUT", "/api/v1/admin/policies/demo",
                policy.toString());
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Smartcard channels (type 8) that QEMU's spice-server has connected. */
    private static long smartcardChannels(Qmp qmp) throws Exception {
        long n = 0;
        for (JsonElement c : qmp.querySpice().getAsJsonArray("channels")) {
            if (c.getAsJsonObject().get("channel-type").getAsInt() == 8) {
                n++;
            }
        }
        return n;
    }
}
