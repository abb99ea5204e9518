package org.thinspice.controller;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.testbed.TinyGuest;

/**
 * Writes the controller config {@code ./thinspice demo} runs: local-qemu with the testbed's tiny
 * guest as desktop "demo", user {@code demo}/{@code demo-password} and admin {@code admin}/{@code admin-password}.
 *
 * <p>Usage: {@code DemoConfig OUT.json DATA_DIR PORT}
 */
public final class DemoConfig {
    private DemoConfig() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        TinyGuest.Images guest = TinyGuest.ensureBuilt();
        ControllerConfig c = new ControllerConfig();
        c.dataDir = Path.of(args[1]).toAbsolutePath().toString();
        c.listen.port = Integer.parseInt(args[2]);
        c.auth.requireTerminal = false;
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "Demo desktop";
        d.kernel = guest.vmlinux().toString();
        d.initrd = guest.initramfs().toString();
        d.append = TinyGuest.kernelCmdline("qxl") + " tb.pattern=bars";
        c.provider.desktops.add(d);
        c.bootstrap.users.add(Fixtures.user("admin", "admin-password", "admin"));
        c.bootstrap.users.add(Fixtures.user("demo", "demo-password", "user"));
        ControllerConfig.SeedPolicy p = new ControllerConfig.SeedPolicy();
        p.id = "demo";
        p.clipboard = "both";
        p.usbRedirect = true;
        p.actions = new ArrayList<>(List.of("start", "shutdown", "stop", "reboot", "reset"));
        c.bootstrap.policies.add(p);
        ControllerConfig.SeedAssignment a = new ControllerConfig.SeedAssignment();
        a.desktop = "demo";
        a.user = "demo";
        a.policy = "demo";
        c.bootstrap.assignments.add(a);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(c), StandardCharsets.UTF_8);
    }
}
