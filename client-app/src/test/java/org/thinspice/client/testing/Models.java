package org.thinspice.client.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.TerminalStore;
import org.thinspice.client.core.Ui;

/** View-model test wiring: everything on the calling thread, time by hand, the controller scripted. */
public final class Models {
    public final FakeApi api = new FakeApi();
    public final ManualScheduler timer = new ManualScheduler();
    public final Ui ui = new Ui(Runnable::run, Runnable::run, timer);
    public final KioskModel model;

    public Models(Path dir, TerminalConfig config) throws IOException {
        TerminalStore store = new TerminalStore(dir);
        store.save(config);
        model = new KioskModel(store, config, new Strings(Strings.forTag(config.language)), c -> api);
    }

    public static TerminalConfig enrolled() {
        TerminalConfig c = new TerminalConfig();
        c.controllerUrl = "http://127.0.0.1:8480";
        c.terminalId = "t-0001";
        c.terminalName = "desk-1";
        c.language = "en";
        return c;
    }
}
