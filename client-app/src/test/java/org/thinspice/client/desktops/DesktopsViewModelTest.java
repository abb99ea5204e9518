package org.thinspice.client.desktops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.testing.FakeApi;
import org.thinspice.client.testing.Models;

class DesktopsViewModelTest {
    @TempDir
    Path dir;
    private final List<ConnectRequest> connected = new ArrayList<>();
    private int signedOut;

    private DesktopsViewModel vm(Models m) {
        return new DesktopsViewModel(m.model, m.ui, connected::add, () -> signedOut++);
    }

    @Test
    void listFollowsTheControllerByPolling() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.desktops = List.of(FakeApi.desktop("a", "stopped"), FakeApi.desktop("b", "running"));
        DesktopsViewModel vm = vm(m);
        vm.open(true);
        assertEquals(2, vm.items().size());
        assertTrue(connected.isEmpty(), "two desktops: the person chooses");
        m.api.desktops = List.of(FakeApi.desktop("a", "running"));
        m.timer.advance(DesktopsViewModel.POLL);
        assertEquals(1, vm.items().size());
        assertEquals("running", vm.items().get(0).desktopProperty().get().state());
        vm.close();
        m.api.calls.clear();
        m.timer.advance(Duration.ofSeconds(30));
        assertTrue(m.api.calls.isEmpty(), "no polling once closed");
    }

    @Test
    void aSingleRunningDesktopConnectsOnItsOwnWhenPolicySaysSo() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.desktops = List.of(FakeApi.desktop("a", "running"));
        vm(m).open(true);
        assertEquals(1, connected.size());
        assertEquals(m.api.vv, connected.get(0).vv());
        assertEquals(List.of("desktops", "desktops", "connection a"), m.api.calls);

        TerminalConfig off = Models.enrolled();
        off.autoConnectSingle = false;
        Models m2 = new Models(dir.resolve("2"), off);
        m2.api.desktops = List.of(FakeApi.desktop("a", "running"));
        connected.clear();
        vm(m2).open(true);
        assertTrue(connected.isEmpty());
    }

    @Test
    void powerActionsWaitForConfirmationAndShowProgress() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.desktops = List.of(FakeApi.desktop("a", "stopped"));
        DesktopsViewModel vm = vm(m);
        vm.open(false);
        DesktopItem item = vm.items().get(0);
        vm.ask(item, "start");
        assertEquals("start", vm.pendingProperty().get().action());
        vm.cancel();
        assertFalse(m.api.calls.contains("power a start"));
        vm.ask(item, "start");
        m.api.taskStates.add("running");
        vm.confirm();
        assertTrue(item.busyProperty().get());
        assertEquals(Message.of("desktops.progress.start"), item.progressProperty().get());
        m.api.desktops = List.of(FakeApi.desktop("a", "running"));
        m.timer.advance(DesktopsViewModel.TASK_POLL);
        assertTrue(item.busyProperty().get(), "task still running");
        m.timer.advance(DesktopsViewModel.TASK_POLL);
        assertFalse(item.busyProperty().get());
        assertNull(item.progressProperty().get());
        assertEquals("running", item.desktopProperty().get().state());
    }

    @Test
    void connectingShowsItsStepsAndRefusesAStoppedDesktop() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.desktops = List.of(FakeApi.desktop("a", "stopped"));
        DesktopsViewModel vm = vm(m);
        vm.open(false);
        List<Message> steps = new ArrayList<>();
        vm.items().get(0).progressProperty().addListener((o, a, b) -> steps.add(b));
        vm.connect(vm.items().get(0));
        assertEquals("desktops.notRunning", vm.messageProperty().get().key());
        assertTrue(connected.isEmpty());
        m.api.desktops = List.of(FakeApi.desktop("a", "running"));
        vm.connect(vm.items().get(0));
        assertEquals(1, connected.size());
        assertTrue(steps.contains(Message.of("connect.lookingUp")) && steps.contains(Message.of("connect.minting")), steps.toString());
        assertEquals(m.api.vv, connected.get(0).refresh().next(), "a dropped link gets a fresh connection");
    }

    @Test
    void expiredSessionGoesBackToSignInAndUnreachableSaysSo() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.failAll = FakeApi.unreachable();
        DesktopsViewModel vm = vm(m);
        vm.open(false);
        assertEquals("error.unreachable", vm.messageProperty().get().key());
        assertEquals(0, signedOut);
        m.api.failAll = FakeApi.refused(ControllerException.Kind.SIGNED_OUT, "bad_token", 0);
        vm.refresh();
        assertEquals(1, signedOut);
    }

    @Test
    void signOutTellsTheControllerAndLeaves() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.model.signedIn("demo");
        DesktopsViewModel vm = vm(m);
        vm.open(false);
        vm.signOut();
        assertTrue(m.api.calls.contains("logout"));
        assertEquals(1, signedOut);
        assertEquals("", m.model.signedInUser());
    }
}
