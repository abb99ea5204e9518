package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.login.LoginViewModel;
import org.thinspice.controller.Controller;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.testbed.FreePorts;

/**
 * The sign-in screen's bad paths, seen on screen: the controller unreachable (retry), then back and
 * refusing a wrong password, then locking the account with the time the controller gives.
 */
class LoginPathsIT {
    @Test
    void unreachableThenWrongPasswordThenLocked() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "login-" + System.nanoTime())).toAbsolutePath();
        int port = FreePorts.pick();
        TerminalConfig c = new TerminalConfig();
        c.language = "en";
        c.controllerUrl = "http://127.0.0.1:" + port;
        // Enrolled in the config but without a key: requests go unsigned, which this controller allows.
        c.terminalId = "t-unsigned";
        FxHarness fx = FxHarness.launch(dir.resolve("terminal"), c);
        Controller controller = null;
        try {
            fx.write("login-username", "demo");
            fx.write("login-password", "wrong-password");
            fx.clickOn("login-submit");
            ControllerFixture.await("the unreachable state", Duration.ofSeconds(20),
                    () -> fx.shell.loginVm().stateProperty().get() == LoginViewModel.State.UNREACHABLE);
            assertEquals("Cannot reach the controller. Check the network, then retry.", fx.text("login-message"));
            assertTrue(fx.visible("login-retry"), "a retry button while the controller is away");

            ControllerConfig cc = ControllerConfig.defaults(dir.resolve("controller-data"));
            cc.listen.plainHttp = true;
            cc.listen.port = port;
            cc.auth.passwordIterations = 10_000;
            cc.auth.requireTerminal = false;
            cc.auth.maxFailures = 3;
            cc.auth.lockSeconds = 240;
            ControllerConfig.SeedUser u = new ControllerConfig.SeedUser();
            u.username = "demo";
            u.password = "demo-password";
            cc.bootstrap.users.add(u);
            controller = Controller.start(cc);

            fx.clickOn("login-retry");
            ControllerFixture.await("the wrong-password state", Duration.ofSeconds(20),
                    () -> fx.shell.loginVm().stateProperty().get() == LoginViewModel.State.WRONG_CREDENTIALS);
            assertEquals("Wrong username or password.", fx.text("login-message"));
            assertFalse(fx.visible("login-retry"));
            for (int i = 0; i < 3; i++) {
                fx.clickOn("login-submit");
                Thread.sleep(300);
            }
            ControllerFixture.await("the locked state", Duration.ofSeconds(20),
                    () -> fx.shell.loginVm().stateProperty().get() == LoginViewModel.State.LOCKED);
            assertEquals("Account locked, try again in 4 minutes.", fx.text("login-message"));
        } finally {
            fx.close();
            if (controller != null) {
                controller.close();
            }
        }
    }
}
