package org.thinspice.client.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.SessionReport;
import org.thinspice.client.core.Ui;
import org.thinspice.client.desktops.ConnectRequest;
import org.thinspice.client.testing.FakeApi;
import org.thinspice.client.testing.ManualScheduler;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.inputs.MouseButton;
import org.thinspice.engine.inputs.PcKey;
import org.thinspice.engine.inputs.SpiceInput;

class SessionViewModelTest {
    private static final String VV = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\npassword=x\n[thinspice]\nclipboard=to-guest\n";
    private final ManualScheduler timer = new ManualScheduler();
    private final Ui ui = new Ui(Runnable::run, Runnable::run, timer);
    private final List<SpiceListener> listeners = new ArrayList<>();
    private final List<CompletableFuture<SessionHandle>> pending = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    private final List<SessionReport> ended = new ArrayList<>();
    private boolean clientMouse = true;
    private org.thinspice.engine.agent.ClipboardBridge bridge;
    private String clip = "before";
    private int refreshes;

    private SessionViewModel vm() {
        SessionConnector c = (options, listener) -> {
            listeners.add(listener);
            CompletableFuture<SessionHandle> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
        return new SessionViewModel(ui, c, new ConnectRequest(FakeApi.desktop("a", "running"), VV, () -> {
            refreshes++;
            return VV;
        }), ended::add);
    }

    private SessionHandle handle() {
        SpiceInput input = new SpiceInput() {
            public void keyDown(int code) {
                sent.add("down " + Integer.toHexString(code));
            }

            public void keyUp(int code) {
                sent.add("up " + Integer.toHexString(code));
            }

            public void setLocks(int locks) {
            }

            public void mouseMotion(int dx, int dy) {
                sent.add("motion " + dx + "," + dy);
            }

            public void mousePosition(int x, int y, int displayId) {
                sent.add("position " + x + "," + y);
            }

            public void buttonDown(MouseButton button) {
                sent.add("press " + button);
            }

            public void buttonUp(MouseButton button) {
                sent.add("release " + button);
            }

            public void wheel(int steps) {
                sent.add("wheel " + steps);
            }
        };
        return new SessionHandle() {
            public SpiceInput input() {
                return input;
            }

            public boolean clientMouse() {
                return clientMouse;
            }

            public void requestSize(int width, int height) {
                sent.add("size " + width + "x" + height);
            }

            public void close() {
                sent.add("close");
            }

            public void setClipboardBridge(org.thinspice.engine.agent.ClipboardBridge b) {
                bridge = b;
            }

            public void offer(java.util.Set<org.thinspice.engine.agent.ClipboardType> types) {
                sent.add("offer " + types);
            }

            public void requestGuest(org.thinspice.engine.agent.ClipboardType type) {
                sent.add("request " + type);
            }
        };
    }

    private void linkAndFrame(int attempt) {
        pending.get(attempt).complete(handle());
        listeners.get(attempt).onInvalidate(0, new Surface(0, 64, 48, Surface.FMT_32_XRGB, true), 0, 0, 64, 48);
    }

    private List<org.thinspice.engine.SpiceConnectOptions> connectWith(String vv, CardShare share) {
        List<org.thinspice.engine.SpiceConnectOptions> seen = new ArrayList<>();
        SessionConnector c = (options, listener) -> {
            seen.add(options);
            return new CompletableFuture<>();
        };
        new SessionViewModel(ui, c, new ConnectRequest(FakeApi.desktop("a", "running"), vv, () -> vv), ended::add,
                org.thinspice.client.usb.UsbManager.none(), share).start();
        return seen;
    }

    @Test
    void aSharePolicyHandsTheSessionTheTerminalsCardReaders() {
        List<String> asked = new ArrayList<>();
        org.thinspice.engine.smartcard.SmartcardReaders readers = id -> null;
        CardShare share = () -> {
            asked.add("readers");
            return readers;
        };
        org.thinspice.engine.SpiceConnectOptions o = connectWith(VV + "smartcard=share\n", share).get(0);
        assertEquals(org.thinspice.engine.smartcard.SmartcardPolicy.SHARE, o.smartcardPolicy());
        assertTrue(o.smartcardReaders() == readers, "the session got the terminal's readers");
        assertEquals(List.of("readers"), asked);
    }

    @Test
    void withoutShareTheCardIsNeverAskedFor() {
        List<String> asked = new ArrayList<>();
        CardShare share = () -> {
            asked.add("readers");
            return id -> null;
        };
        for (String vv : List.of(VV + "smartcard=none\n", VV)) {
            org.thinspice.engine.SpiceConnectOptions o = connectWith(vv, share).get(0);
            assertEquals(org.thinspice.engine.smartcard.SmartcardPolicy.NONE, o.smartcardPolicy(), vv);
            assertNull(o.smartcardReaders(), vv);
        }
        assertEquals(List.of(), asked, "the card is not touched when the policy does not share it");
        // a terminal without PC/SC: share asked for, nothing to give, the session still opens
        org.thinspice.engine.SpiceConnectOptions o = connectWith(VV + "smartcard=share\n", CardShare.none()).get(0);
        assertNull(o.smartcardReaders());
    }

    @Test
    void theMicrophoneIndicatorFollowsTheEngineAndTheSessionGetsSound() {
        List<SpiceConnectOptions> seen = new ArrayList<>();
        SessionConnector c = (options, listener) -> {
            seen.add(options);
            listeners.add(listener);
            CompletableFuture<SessionHandle> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
        SessionViewModel vm = new SessionViewModel(ui, c, new ConnectRequest(FakeApi.desktop("a", "running"), VV,
                () -> VV), ended::add);
        vm.setAudio(new org.thinspice.client.sound.TerminalAudio(new org.thinspice.client.core.TerminalConfig()));
        vm.mutedProperty().set(true);
        vm.start();
        assertTrue(seen.get(0).audioSink() != null && seen.get(0).microphone() != null, "sink and microphone given");
        assertTrue(seen.get(0).microphoneAllowed());
        pending.get(0).complete(handle());
        assertFalse(vm.microphoneOpenProperty().get());
        listeners.get(0).onMicrophone(true);
        assertTrue(vm.microphoneOpenProperty().get(), "the bar shows the open microphone");
        listeners.get(0).onMicrophone(false);
        assertFalse(vm.microphoneOpenProperty().get());
        listeners.get(0).onMicrophone(true);
        vm.disconnect();
        assertFalse(vm.microphoneOpenProperty().get(), "no indicator after the session");
    }

    @Test
    void connectStepsAreVisibleUntilTheFirstPicture() {
        SessionViewModel vm = vm();
        vm.start();
        assertEquals(SessionViewModel.Stage.LINKING, vm.stageProperty().get());
        assertEquals(Message.of("connect.linking"), vm.messageProperty().get());
        assertEquals(Message.of("clipboard.to-guest"), vm.clipboardProperty().get());
        pending.get(0).complete(handle());
        assertEquals(SessionViewModel.Stage.FIRST_FRAME, vm.stageProperty().get());
        assertEquals(Message.of("connect.firstFrame"), vm.messageProperty().get());
        listeners.get(0).onInvalidate(0, new Surface(0, 64, 48, Surface.FMT_32_XRGB, true), 1, 2, 3, 4);
        assertEquals(SessionViewModel.Stage.CONNECTED, vm.stageProperty().get());
        assertNull(vm.messageProperty().get());
        Damage.Frame f = vm.damage().take();
        assertTrue(f.newSurface() && f.width() == 64, "a new surface is shown whole");
    }

    @Test
    void noPictureAfterLinkingEndsInWordsWithTheWayBack() {
        SessionViewModel vm = vm();
        vm.start();
        pending.get(0).complete(handle());
        assertEquals(SessionViewModel.Stage.FIRST_FRAME, vm.stageProperty().get());
        timer.advance(SessionViewModel.FIRST_PICTURE_TIMEOUT.minusSeconds(1));
        assertEquals(SessionViewModel.Stage.FIRST_FRAME, vm.stageProperty().get(), "still waiting just before the limit");
        timer.advance(Duration.ofSeconds(1));
        assertEquals(SessionViewModel.Stage.FAILED, vm.stageProperty().get());
        assertEquals(Message.of("connect.noPicture"), vm.messageProperty().get());
        assertTrue(sent.contains("close"), "the session's link is closed");
        // the closed link's own disconnect is no reason to reconnect, and a late picture changes nothing
        listeners.get(0).onDisconnected(new SpiceException(SpiceReason.CONNECTION_LOST, "closed"));
        listeners.get(0).onInvalidate(0, new Surface(0, 64, 48, Surface.FMT_32_XRGB, true), 0, 0, 64, 48);
        assertEquals(SessionViewModel.Stage.FAILED, vm.stageProperty().get());
        assertEquals(0, refreshes);
        assertEquals(0, timer.pending());
        vm.disconnect();
        assertEquals(1, ended.size(), "the way back: the desktops");
    }

    @Test
    void aPictureInTimeCancelsTheWait() {
        SessionViewModel vm = vm();
        vm.start();
        linkAndFrame(0);
        assertEquals(0, timer.pending());
        timer.advance(SessionViewModel.FIRST_PICTURE_TIMEOUT.multipliedBy(2));
        assertEquals(SessionViewModel.Stage.CONNECTED, vm.stageProperty().get());
    }

    @Test
    void droppedLinkCountsDownThenReconnectsWithAFreshConnection() {
        SessionViewModel vm = vm();
        vm.start();
        linkAndFrame(0);
        listeners.get(0).onDisconnected(new SpiceException(SpiceReason.CONNECTION_LOST, "cut"));
        assertEquals(SessionViewModel.Stage.RECONNECTING, vm.stageProperty().get());
        assertEquals(Message.of("session.reconnectingIn", 5), vm.messageProperty().get());
        timer.advance(Duration.ofSeconds(2));
        assertEquals(3, vm.countdownProperty().get());
        assertEquals(Message.of("session.reconnectingIn", 3), vm.messageProperty().get());
        assertEquals(0, refreshes);
        timer.advance(Duration.ofSeconds(3));
        assertEquals(1, refreshes);
        assertEquals(SessionViewModel.Stage.LINKING, vm.stageProperty().get());
        linkAndFrame(1);
        assertEquals(SessionViewModel.Stage.CONNECTED, vm.stageProperty().get());
        assertTrue(ended.isEmpty());
    }

    @Test
    void reconnectGivesUpAfterThreeTriesAndGoesBack() {
        SessionViewModel vm = vm();
        vm.start();
        linkAndFrame(0);
        for (int i = 0; i < SessionViewModel.MAX_RECONNECTS; i++) {
            listeners.get(i).onDisconnected(new SpiceException(SpiceReason.CONNECTION_LOST, "cut"));
            timer.advance(Duration.ofSeconds(SessionViewModel.RECONNECT_SECONDS));
            pending.get(i + 1).completeExceptionally(new SpiceException(SpiceReason.CONNECT_FAILED, "refused"));
        }
        assertEquals(SessionViewModel.Stage.ENDED, vm.stageProperty().get());
        assertEquals(Message.of("session.ended"), vm.messageProperty().get());
        assertEquals(1, ended.size());
    }

    @Test
    void sessionEndedByTheDesktopGoesBackToTheList() {
        SessionViewModel vm = vm();
        vm.start();
        linkAndFrame(0);
        listeners.get(0).onDisconnected(new SpiceException(SpiceReason.SERVER_DISCONNECTED, "bye"));
        assertEquals(SessionViewModel.Stage.ENDED, vm.stageProperty().get());
        assertEquals(1, ended.size());
        assertEquals("Desktop a", ended.get(0).desktop());
    }

    @Test
    void refusedTicketIsAFailureInWordsNotAReconnect() {
        SessionViewModel vm = vm();
        vm.start();
        pending.get(0).completeExceptionally(new SpiceException(SpiceReason.AUTH_FAILED, "bad ticket"));
        listeners.get(0).onDisconnected(new SpiceException(SpiceReason.AUTH_FAILED, "bad ticket"));
        assertEquals(SessionViewModel.Stage.FAILED, vm.stageProperty().get());
        assertEquals(Message.of("reason.AUTH_FAILED"), vm.messageProperty().get());
        assertEquals(0, timer.pending());
        vm.disconnect();
        assertEquals(1, ended.size());
    }

    @Test
    void aRefusedCertificateSaysWhichCheckFailedAndDoesNotReconnect() {
        SessionViewModel vm = vm();
        vm.start();
        pending.get(0).completeExceptionally(new org.thinspice.engine.SpiceTlsException(SpiceReason.TLS_SUBJECT_MISMATCH,
                "the certificate's subject is 'O=Thin Corp,CN=desk.example'", null));
        assertEquals(SessionViewModel.Stage.FAILED, vm.stageProperty().get());
        assertEquals(Message.of("reason.TLS_SUBJECT_MISMATCH"), vm.messageProperty().get());
        assertEquals(0, timer.pending());
        vm.disconnect();
    }

    @Test
    void keysAndPointerGoToTheGuestAndNothingStaysPressed() {
        SessionViewModel vm = vm();
        vm.start();
        linkAndFrame(0);
        vm.keyDown(PcKey.CONTROL_LEFT);
        vm.keyDown(PcKey.A);
        vm.keyUp(PcKey.A);
        vm.releaseKeys();
        vm.pointer(10, 20, 1, 1);
        clientMouse = false;
        vm.pointer(12, 19, 2, -1);
        vm.button(MouseButton.LEFT, true);
        vm.wheel(-1);
        vm.ctrlAltDel();
        assertEquals(List.of("down 1d", "down 1e", "up 1e", "up 1d", "position 10,20", "motion 2,-1", "press LEFT", "wheel -1",
                "down 1d", "down 38", "down 153", "up 153", "up 38", "up 1d"), sent);
    }

    @Test
    void clipboardTextGoesBothWaysWithoutEchoes() throws Exception {
        SessionViewModel vm = vm();
        vm.setClipboard(new TerminalClipboard() {
            public String text() {
                return clip;
            }

            public void setText(String text) {
                clip = text;
            }
        });
        vm.start();
        linkAndFrame(0);
        vm.pollClipboard();
        assertTrue(sent.isEmpty(), "what was there before the session is not offered");
        clip = "copied on the terminal";
        vm.pollClipboard();
        vm.pollClipboard();
        assertEquals(List.of("offer [UTF8_TEXT]"), sent);
        assertEquals("copied on the terminal", new String(bridge.localData(0, org.thinspice.engine.agent.ClipboardType.UTF8_TEXT).get(),
                java.nio.charset.StandardCharsets.UTF_8));
        bridge.guestGrabbed(0, java.util.Set.of(org.thinspice.engine.agent.ClipboardType.UTF8_TEXT));
        bridge.guestData(0, org.thinspice.engine.agent.ClipboardType.UTF8_TEXT, "from the desktop".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("from the desktop", clip);
        vm.pollClipboard();
        assertEquals(List.of("offer [UTF8_TEXT]", "request UTF8_TEXT"), sent, "the guest's own text is not offered back");
    }

    @Test
    void clipboardImagesGoBothWaysAndEachTransferIsCounted() throws Exception {
        SessionViewModel vm = vm();
        byte[][] png = {null};
        vm.setClipboard(new TerminalClipboard() {
            public String text() {
                return null;
            }

            public void setText(String text) {
                clip = text;
            }

            public byte[] png() {
                return png[0];
            }

            public void setPng(byte[] p) {
                png[0] = p.clone(); // as a real clipboard would serve it: the same picture, its own bytes
            }
        });
        vm.start();
        linkAndFrame(0);
        png[0] = new byte[] {(byte) 0x89, 'P', 'N', 'G', 1};
        vm.pollClipboard();
        vm.pollClipboard();
        assertEquals(List.of("offer [IMAGE_PNG]"), sent);
        org.thinspice.engine.agent.ClipboardType pngType = org.thinspice.engine.agent.ClipboardType.IMAGE_PNG;
        assertEquals(5, bridge.localData(0, pngType).get().length);
        bridge.guestGrabbed(0, java.util.Set.of(pngType));
        bridge.guestData(0, pngType, new byte[] {(byte) 0x89, 'P', 'N', 'G', 2});
        assertEquals(2, png[0][4]);
        vm.pollClipboard();
        assertEquals(List.of("offer [IMAGE_PNG]", "request IMAGE_PNG"), sent, "the guest's own image is not offered back");
        vm.disconnect();
        assertEquals(1, ended.get(0).clipboardToTerminal());
        assertEquals(1, ended.get(0).clipboardToDesktop());
    }

    @Test
    void disconnectClosesAndReportsStatistics() {
        SessionViewModel vm = vm();
        vm.start();
        linkAndFrame(0);
        vm.meter().presented();
        vm.scalingProperty().set(Scaling.FOLLOW);
        vm.screenSize(1920, 1080);
        vm.disconnect();
        assertTrue(sent.contains("size 1920x1080"));
        assertTrue(sent.contains("close"));
        assertEquals(SessionViewModel.Stage.ENDED, vm.stageProperty().get());
        assertEquals(1, ended.size());
        assertTrue(ended.get(0).fps() > 0);
        listeners.get(0).onDisconnected(null);
        assertEquals(1, ended.size(), "the engine's own close report does not end it twice");
    }
}
