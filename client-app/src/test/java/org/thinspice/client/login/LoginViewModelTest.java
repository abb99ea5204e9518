package org.thinspice.client.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.LoginOutcome;
import org.thinspice.client.core.Message;
import org.thinspice.client.testing.FakeApi;
import org.thinspice.client.testing.Models;

class LoginViewModelTest {
    @TempDir
    Path dir;
    private final List<String> signedIn = new ArrayList<>();

    private LoginViewModel vm(Models m, SecondFactorResponder r) {
        LoginViewModel vm = new LoginViewModel(m.model, m.ui, r, s -> signedIn.add(s.username()));
        vm.usernameProperty().set("demo");
        vm.passwordProperty().set("pw");
        return vm;
    }

    @Test
    void goodPasswordSignsIn() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.logins.add(new LoginOutcome.SignedIn("tss_x", "demo", "user"));
        LoginViewModel vm = vm(m, SecondFactorResponder.NONE);
        vm.signIn();
        assertEquals(List.of("demo"), signedIn);
        assertEquals("", vm.passwordProperty().get());
        assertEquals("demo", m.model.signedInUser());
    }

    @Test
    void wrongPasswordAndLockoutAreDistinctStates() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.logins.add(FakeApi.refused(ControllerException.Kind.WRONG_CREDENTIALS, "wrong_credentials", 0));
        m.api.logins.add(FakeApi.refused(ControllerException.Kind.LOCKED, "account_locked", 241));
        LoginViewModel vm = vm(m, SecondFactorResponder.NONE);
        vm.signIn();
        assertEquals(LoginViewModel.State.WRONG_CREDENTIALS, vm.stateProperty().get());
        assertEquals(Message.of("login.wrong"), vm.messageProperty().get());
        vm.signIn();
        assertEquals(LoginViewModel.State.LOCKED, vm.stateProperty().get());
        assertEquals(Message.of("login.locked", 5), vm.messageProperty().get(), "241 s rounds up to 5 minutes");
        assertEquals("account locked, try again in 5 minutes", m.model.strings().get("login.locked", 5).toLowerCase().replace(".", ""));
        assertTrue(signedIn.isEmpty());
    }

    @Test
    void unreachableControllerOffersRetryThatWorksOnceItIsBack() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.failAll = FakeApi.unreachable();
        LoginViewModel vm = vm(m, SecondFactorResponder.NONE);
        vm.signIn();
        assertEquals(LoginViewModel.State.UNREACHABLE, vm.stateProperty().get());
        assertEquals("error.unreachable", vm.messageProperty().get().key());
        m.api.failAll = null;
        m.api.logins.add(new LoginOutcome.SignedIn("tss_x", "demo", "user"));
        vm.retry();
        assertEquals(List.of("demo"), signedIn);
    }

    @Test
    void secondFactorOpensThePinDialogAndSendsTheTokensAnswer() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.logins.add(new LoginOutcome.SecondFactor("c-1", "n0nce", List.of("ukey")));
        m.api.logins.add(new LoginOutcome.SignedIn("tss_x", "demo", "user"));
        LoginViewModel vm = vm(m, (challenge, nonce, pin) -> "sig(" + challenge + "," + nonce + "," + new String(pin) + ")");
        vm.signIn();
        assertEquals(LoginViewModel.State.PIN_NEEDED, vm.stateProperty().get());
        assertTrue(vm.pinDialogProperty().get());
        vm.submitPin("123456");
        assertFalse(vm.pinDialogProperty().get());
        assertEquals("second-factor c-1 ukey sig(c-1,n0nce,123456)", m.api.calls.get(1));
        assertEquals(List.of("demo"), signedIn);
    }

    @Test
    void withoutAUkeyThePinStepSaysSo() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.logins.add(new LoginOutcome.SecondFactor("c-1", "n0nce", List.of("ukey")));
        LoginViewModel vm = vm(m, SecondFactorResponder.NONE);
        vm.signIn();
        vm.submitPin("123456");
        assertEquals(LoginViewModel.State.FAILED, vm.stateProperty().get());
        assertEquals("login.noUkey", vm.messageProperty().get().key());
        assertEquals(1, m.api.calls.size(), "nothing sent without a token's answer");
    }

    @Test
    void emptyFieldsAreNotSent() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        LoginViewModel vm = vm(m, SecondFactorResponder.NONE);
        vm.passwordProperty().set("");
        vm.signIn();
        assertEquals("login.missing", vm.messageProperty().get().key());
        assertTrue(m.api.calls.isEmpty());
    }
}
