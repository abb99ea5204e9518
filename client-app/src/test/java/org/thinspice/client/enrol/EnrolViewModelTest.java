package org.thinspice.client.enrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.client.api.TerminalIdentity;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.TerminalStore;
import org.thinspice.client.testing.FakeApi;
import org.thinspice.client.testing.Models;

class EnrolViewModelTest {
    @TempDir
    Path dir;

    private EnrolViewModel vm(Models m, AtomicInteger done) {
        return new EnrolViewModel(m.model, m.ui, done::incrementAndGet);
    }

    @Test
    void enrolmentKeepsTheKeyAndTheTerminalIdLocally() throws Exception {
        Models m = new Models(dir, new TerminalConfig());
        AtomicInteger done = new AtomicInteger();
        EnrolViewModel vm = vm(m, done);
        vm.addressProperty().set("10.0.0.5:8480");
        vm.codeProperty().set("ABCDEFGH12");
        vm.nameProperty().set("front desk 3");
        vm.enrol();
        assertEquals(1, done.get());
        assertEquals(Message.of("enrol.done", "t-0001"), vm.messageProperty().get());
        assertEquals("enrol ABCDEFGH12 front desk 3", m.api.calls.get(0));
        TerminalConfig saved = new TerminalStore(dir).load();
        assertEquals("t-0001", saved.terminalId);
        assertEquals("http://10.0.0.5:8480", saved.controllerUrl);
        assertTrue(Files.exists(m.model.store().keyFile()));
        // The kept key signs; the public half beside it is what went to the controller.
        TerminalIdentity id = TerminalIdentity.load(m.model.store().keyFile());
        assertFalse(id.sign("GET", "/x", 1, "nonce1234", new byte[0]).isEmpty());
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() throws Exception {
        Models m = new Models(dir, new TerminalConfig());
        EnrolViewModel vm = vm(m, new AtomicInteger());
        vm.addressProperty().set("ftp://x");
        vm.codeProperty().set("ABCDEFGH12");
        vm.enrol();
        assertEquals("enrol.badAddress", vm.messageProperty().get().key());
        vm.addressProperty().set("10.0.0.5:8480");
        vm.codeProperty().set("short");
        vm.enrol();
        assertEquals("enrol.badCodeFormat", vm.messageProperty().get().key());
        assertTrue(m.api.calls.isEmpty());
    }

    @Test
    void usedCodeAndUnreachableControllerAreToldApart() throws Exception {
        Models m = new Models(dir, new TerminalConfig());
        AtomicInteger done = new AtomicInteger();
        EnrolViewModel vm = vm(m, done);
        vm.addressProperty().set("10.0.0.5:8480");
        vm.codeProperty().set("USEDCODE1");
        vm.enrol();
        assertEquals("enrol.badCode", vm.messageProperty().get().key());
        m.api.failAll = FakeApi.unreachable();
        vm.codeProperty().set("ABCDEFGH12");
        vm.enrol();
        assertEquals("error.unreachable", vm.messageProperty().get().key());
        assertFalse(vm.busyProperty().get());
        assertEquals(0, done.get());
        assertFalse(new TerminalStore(dir).load().isEnrolled());
    }

    @Test
    void choosingALanguageSwitchesTheScreenAtOnce() throws Exception {
        Models m = new Models(dir, new TerminalConfig());
        EnrolViewModel vm = vm(m, new AtomicInteger());
        vm.languageProperty().set("en");
        assertEquals("Terminal enrolment", m.model.strings().get("enrol.title"));
        vm.languageProperty().set("zh-CN");
        assertEquals(Strings.ZH_CN, m.model.strings().locale());
        assertEquals("终端注册", m.model.strings().get("enrol.title"));
    }
}
