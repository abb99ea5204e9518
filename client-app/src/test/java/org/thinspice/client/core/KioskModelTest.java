package org.thinspice.client.core;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.client.api.ControllerApi;
import org.thinspice.client.testing.FakeApi;
import org.thinspice.client.testing.Models;

class KioskModelTest {
    @TempDir
    Path dir;

    /** A settings change that is not about the controller keeps the client, and with it the signed-in token. */
    @Test
    void savingTheLanguageKeepsTheSignedInClientAndANewAddressDropsIt() throws Exception {
        AtomicInteger made = new AtomicInteger();
        TerminalConfig config = Models.enrolled();
        TerminalStore store = new TerminalStore(dir);
        KioskModel model = new KioskModel(store, config, new Strings(Strings.forTag("en")), c -> {
            made.incrementAndGet();
            return new FakeApi();
        });
        ControllerApi signedIn = model.api();

        TerminalConfig zh = model.config().copy();
        zh.language = "zh-CN";
        zh.scaling = "one-to-one";
        model.update(zh);
        assertSame(signedIn, model.api());

        TerminalConfig moved = model.config().copy();
        moved.controllerUrl = "http://127.0.0.1:9480";
        model.update(moved);
        assertNotSame(signedIn, model.api());
        org.junit.jupiter.api.Assertions.assertEquals(2, made.get());
    }
}
