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

    /** A UKEY in a reader whose PIN is 123456, with 3 tries. */
    private static final class CardUkey implements SecondFactorResponder {
        int tries = 3;
        Presence presence = Presence.READY;
        UkeyFailure.Kind failNext;

        @Override
        public UkeyAnswer respond(String signText, char[] pin) throws UkeyFailure {
            if (failNext != null) {
                UkeyFailure.Kind k = failNext;
                failNext = null;
                throw new UkeyFailure(k, "scripted", -1);
            }
            if (presence != Presence.READY) {
                throw new UkeyFailure(UkeyFailure.Kind.NO_UKEY, "no card", -1);
            }
            if (tries == 0) {
                throw new UkeyFailure(UkeyFailure.Kind.BLOCKED, "blocked", 0);
            }
            if (!new String(pin).equals("123456")) {
                tries--;
                throw tries == 0 ? new UkeyFailure(UkeyFailure.Kind.BLOCKED, "blocked", 0)
                        : new UkeyFailure(UkeyFailure.Kind.WRONG_PIN, "wrong PIN", tries);
            }
            tries = 3;
            return new UkeyAnswer("CERT", "sig(" + signText + ")");
        }

        @Override
        public Presence presence() {
            return presence;
        }

        @Override
        public int triesLeft() {
            return tries;
        }
    }

    private static LoginOutcome.SecondFactor challenge() {
        return new LoginOutcome.SecondFactor("c-1", "n0nce", List.of("ukey"), "thinspice-login\nc-1\nn0nce\nt-1");
    }

    @Test
    void secondFactorOpensThePinPadAndSendsTheCardsCertificateAndSignature() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.logins.add(challenge());
        m.api.logins.add(new LoginOutcome.SignedIn("tss_x", "demo", "user", "lock"));
        LoginViewModel vm = vm(m, new CardUkey());
        vm.signIn();
        assertEquals(LoginViewModel.State.PIN_NEEDED, vm.stateProperty().get());
        assertTrue(vm.pinDialogProperty().get());
        assertEquals(3, vm.triesLeftProperty().get(), "tries left shown before the first try, none spent");
        assertEquals(SecondFactorResponder.Presence.READY, vm.ukeyPresenceProperty().get());
        for (char c : "1234567".toCharArray()) {
            vm.pinKey(c);
        }
        vm.pinBackspace();
        assertEquals("123456", vm.pinProperty().get(), "the pad types and erases");
        vm.submitPin();
        assertEquals("", vm.pinProperty().get(), "the PIN is cleared once sent");
        assertFalse(vm.pinDialogProperty().get());
        assertEquals("ukey-answer c-1 CERT sig(thinspice-login\nc-1\nn0nce\nt-1)", m.api.calls.get(1));
        assertEquals(List.of("demo"), signedIn);
        assertEquals("CERT", vm.usedCertificate());
    }

    @Test
    void aWrongPinKeepsThePadOpenWithTheTriesLeftThenTheCardBlocks() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.logins.add(challenge());
        CardUkey card = new CardUkey();
        LoginViewModel vm = vm(m, card);
        vm.signIn();
        vm.submitPin("000000");
        assertTrue(vm.pinDialogProperty().get(), "the challenge is still unused: try again");
        assertEquals(LoginViewModel.State.PIN_NEEDED, vm.stateProperty().get());
        assertEquals(Message.of("ukey.wrongPin", 2), vm.messageProperty().get());
        assertEquals(2, vm.triesLeftProperty().get());
        vm.submitPin("000000");
        assertEquals(Message.of("ukey.wrongPin", 1), vm.messageProperty().get());
        vm.submitPin("000000");
        assertFalse(vm.pinDialogProperty().get());
        assertEquals(LoginViewModel.State.FAILED, vm.stateProperty().get());
        assertEquals("ukey.blocked", vm.messageProperty().get().key());
        assertEquals(1, m.api.calls.size(), "no answer went to the controller");
    }

    @Test
    void withoutAUkeyOrWithTheCardPulledThePadSaysSoAndStaysOpen() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        m.api.logins.add(challenge());
        CardUkey card = new CardUkey();
        card.presence = SecondFactorResponder.Presence.NO_CARD;
        LoginViewModel vm = vm(m, card);
        vm.signIn();
        assertEquals("ukey.insert", presenceText(vm));
        vm.submitPin("123456");
        assertEquals("ukey.insert", vm.messageProperty().get().key());
        card.presence = SecondFactorResponder.Presence.READY;
        vm.presenceChanged(SecondFactorResponder.Presence.READY);
        assertEquals("ukey.ready", vm.messageProperty().get().key());
        card.failNext = SecondFactorResponder.UkeyFailure.Kind.REMOVED;
        vm.submitPin("123456");
        assertEquals("ukey.removed", vm.messageProperty().get().key());
        assertTrue(vm.pinDialogProperty().get());
        vm.presenceChanged(SecondFactorResponder.Presence.NO_CARD);
        assertEquals("ukey.removed", vm.messageProperty().get().key(), "the card gone does not hide why the try failed");
        assertEquals(SecondFactorResponder.Presence.NO_CARD, vm.ukeyPresenceProperty().get());
        vm.presenceChanged(SecondFactorResponder.Presence.READY);
        assertEquals("ukey.ready", vm.messageProperty().get().key(), "the card back clears it");
        assertEquals(1, m.api.calls.size(), "nothing sent without the card's answer");
    }

    private static String presenceText(LoginViewModel vm) {
        return switch (vm.ukeyPresenceProperty().get()) {
            case NO_SERVICE, NO_READER -> "ukey.noReader";
            case NO_CARD -> "ukey.insert";
            case READY -> "ukey.ready";
        };
    }

    @Test
    void eachControllerRefusalHasItsOwnWords() throws Exception {
        String[][] cases = {{"ukey_not_enrolled", "ukey.notEnrolled"}, {"challenge_expired", "ukey.challengeExpired"},
            {"challenge_replayed", "ukey.replayed"}, {"ukey_certificate_expired", "ukey.certificateExpired"},
            {"ukey_wrong_signature", "ukey.wrongSignature"}};
        for (String[] c : cases) {
            Models m = new Models(dir, Models.enrolled());
            m.api.logins.add(challenge());
            m.api.logins.add(new ControllerException(ControllerException.Kind.REFUSED, 401, c[0], "refused", 0));
            LoginViewModel vm = vm(m, new CardUkey());
            vm.signIn();
            vm.submitPin("123456");
            assertEquals(c[1], vm.messageProperty().get().key(), c[0]);
            assertFalse(vm.pinDialogProperty().get(), c[0]);
            assertEquals(LoginViewModel.State.FAILED, vm.stateProperty().get());
        }
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
