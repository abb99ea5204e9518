package org.thinspice.controller;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.TinyGuest;

/**
 * Writes the controller config {@code ./thinspice demo} runs: local-qemu with the testbed's tiny
 * guest as desktop "demo", user {@code demo}/{@code demo-password} and admin {@code admin}/{@code admin-password}.
 * With a gateway port it also writes a fresh Ed25519 ticket key pair (private key for the controller,
 * public key for the gateway, both under kid {@value #KID}) and the gateway's properties, so every
 * .vv goes through the gateway on 127.0.0.1.
 *
 * <p>Usage: {@code DemoConfig OUT.json DATA_DIR PORT [GATEWAY_PORT GATEWAY.properties]}
 */
public final class DemoConfig {
    static final String KID = "demo";

    private DemoConfig() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        TinyGuest.Images guest = TinyGuest.ensureBuilt();
        ControllerConfig c = new ControllerConfig();
        c.dataDir = Path.of(args[1]).toAbsolutePath().toString();
        c.listen.port = Integer.parseInt(args[2]);
        // the demo runs on 127.0.0.1 only; plain HTTP there, on purpose, keeps curl and the kiosk simple
        c.listen.plainHttp = true;
        c.auth.requireTerminal = false;
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "Demo desktop";
        d.kernel = guest.vmlinux().toString();
        d.initrd = guest.initramfs().toString();
        d.append = TinyGuest.kernelCmdline("qxl") + " tb.pattern=bars";
        // two USB slots: the kiosk's session bar redirects the demo's simulated stick into one
        d.extraArgs.addAll(QemuSpiceServer.usbRedirArgs(2));
        c.provider.desktops.add(d);
        c.bootstrap.users.add(Fixtures.user("admin", "admin-password", "admin"));
        c.bootstrap.users.add(Fixtures.user("demo", "demo-password", "user"));
        ControllerConfig.SeedPolicy p = new ControllerConfig.SeedPolicy();
        p.id = "demo";
        p.clipboard = "both";
        p.usbRedirect = true;
        // no rule redirects the demo's stick on its own (only HID is named, and refused): the user offers it by hand
        p.usbFilter = "0x03,-1,-1,-1,0";
        p.actions = new ArrayList<>(List.of("start", "shutdown", "stop", "reboot", "reset"));
        c.bootstrap.policies.add(p);
        ControllerConfig.SeedAssignment a = new ControllerConfig.SeedAssignment();
        a.desktop = "demo";
        a.user = "demo";
        a.policy = "demo";
        c.bootstrap.assignments.add(a);
        // the two-factor demo user: ./thinspice demo enrols the virtual UKEY's certificate and requires it
        c.bootstrap.users.add(Fixtures.user("teller", "teller-password", "user"));
        ControllerConfig.SeedAssignment t = new ControllerConfig.SeedAssignment();
        t.desktop = "demo";
        t.user = "teller";
        t.policy = "demo";
        c.bootstrap.assignments.add(t);
        if (args.length == 5) {
            withGateway(c, Integer.parseInt(args[3]), Path.of(args[4]));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(c), StandardCharsets.UTF_8);
    }

    /**
     * Points {@code c} at a gateway on 127.0.0.1:{@code port} and writes that gateway's properties: a
     * new key pair beside them ({@code gateway-ticket.pem} for the controller, {@code .pem.pub} for the gateway).
     */
    static void withGateway(ControllerConfig c, int port, Path properties) throws Exception {
        Path dir = properties.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path pem = dir.resolve("gateway-ticket.pem");
        Files.deleteIfExists(pem);
        Ed25519Keys.generate(pem);
        c.gateway.proxy = "http://127.0.0.1:" + port;
        c.gateway.kid = KID;
        c.gateway.keyFile = pem.toString();
        String props = "# written by DemoConfig for ./thinspice demo\n"
                + "listen.address=127.0.0.1\n"
                + "listen.port=" + port + "\n"
                + "key." + KID + "=" + pem.getFileName() + ".pub\n"
                + "audit.path=gateway-audit.jsonl\n"
                + "shutdown.drain=1s\n";
        Files.writeString(properties, props, StandardCharsets.UTF_8);
    }
}
