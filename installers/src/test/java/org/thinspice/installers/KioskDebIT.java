package org.thinspice.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.Programs;

/**
 * thinspice-kiosk: on a Debian 12 machine (systemd-nspawn) apt installs it with only Debian's libraries
 * around it — every native library of its runtime and of JavaFX resolves, the runtime carries JavaFX and
 * smartcardio, its account and udev rules are in place; an upgrade keeps the kiosk's data; purge removes
 * data, account and rules. Here, under Xvfb, the packaged kiosk starts from its own runtime and shows its
 * first screen, with JavaFX's natives taken from the runtime (nothing unpacked into the home folder).
 */
class KioskDebIT {
    private static final String PKG = "thinspice-kiosk";

    @Test
    void installsOnDebianUpgradesAndPurges() throws Exception {
        Path v1 = Debs.find(Debs.dir(), PKG);
        Path all = Path.of("target").toAbsolutePath();
        Path v2 = newerVersion(v1);
        try (NspawnMachine m = NspawnMachine.boot(all, Path.of("target", "nspawn"))) {
            NspawnMachine.Result install = m.exec(Duration.ofMinutes(5), "apt-get", "install", "-y", "-q", "/debs/" + all.relativize(v1));
            assertTrue(install.ok(), install.output());

            // the runtime's own libraries (libjvm, libjava, libawt …) are found by the JVM itself; everything
            // else must come from Debian
            String own = "/usr/lib/" + PKG + "/lib/runtime/lib:/usr/lib/" + PKG + "/lib/runtime/lib/server:/usr/lib/" + PKG + "/lib";
            NspawnMachine.Result missing = m.sh("find /usr/lib/" + PKG + " -name '*.so' | LD_LIBRARY_PATH=" + own
                    + " xargs ldd | grep 'not found' || true");
            assertEquals("", missing.output().strip(), "native libraries Debian does not provide through the Depends");
            String modules = m.sh("/usr/lib/" + PKG + "/lib/runtime/bin/java --list-modules").output();
            for (String mod : new String[] {"javafx.controls@", "javafx.graphics@", "java.smartcardio@", "jdk.crypto.ec@", "jdk.localedata@"}) {
                assertTrue(modules.contains(mod), mod + " missing from the runtime:\n" + modules);
            }
            assertTrue(m.sh("test -f /usr/lib/" + PKG + "/lib/runtime/lib/libglassgtk3.so").ok(), "JavaFX natives in the runtime's lib/");
            // usb4java's libusb bridge for this platform only (its six other platforms' jars stay out of the package)
            assertEquals("libusb4java-linux-x86-64", m.sh("ls /usr/lib/" + PKG + "/lib/app | sed -n 's/^\\(libusb4java\\)-[0-9.]*-\\(.*\\)\\.jar$/\\1-\\2/p'")
                    .output().strip(), "usb4java natives in the package");
            // the launcher's JVM runs with the client's options (spice-engine's client-jvm.options), as measured
            String cfg = m.sh("grep '^java-options=' /usr/lib/" + PKG + "/lib/app/" + PKG + ".cfg").output();
            for (String line : Files.readAllLines(Path.of("../spice-engine/src/main/resources/org/thinspice/engine/client-jvm.options"))) {
                String option = line.replaceAll("#.*", "").strip();
                if (!option.isEmpty()) {
                    assertTrue(cfg.contains("java-options=" + option), option + " not in the launcher's options:\n" + cfg);
                }
            }
            NspawnMachine.Result usage = m.sh("runuser -u " + PKG + " -- /usr/bin/" + PKG + " --no-such-option; echo exit=$?");
            assertTrue(usage.output().contains("unknown option --no-such-option") && usage.output().contains("exit=2"), usage.output());
            assertTrue(m.sh("getent passwd " + PKG + " | grep -q ':/var/lib/" + PKG + ":/usr/sbin/nologin$'").ok(),
                    m.sh("getent passwd " + PKG).output());
            assertTrue(m.sh("grep -q 'GROUP=\"" + PKG + "\", MODE=\"0660\"' /usr/lib/udev/rules.d/70-" + PKG + "-usb.rules").ok());

            // data kept through an upgrade
            assertTrue(m.sh("echo enrolled > /var/lib/" + PKG + "/marker").ok());
            NspawnMachine.Result upgrade = m.exec(Duration.ofMinutes(5), "apt-get", "install", "-y", "-q", "/debs/" + all.relativize(v2));
            assertTrue(upgrade.ok(), upgrade.output());
            assertEquals(Debs.version(v2), m.sh("dpkg-query -W -f='${Version}' " + PKG).output().strip());
            assertEquals("enrolled", m.sh("cat /var/lib/" + PKG + "/marker").output().strip());

            NspawnMachine.Result purge = m.exec(Duration.ofMinutes(3), "apt-get", "purge", "-y", "-q", PKG);
            assertTrue(purge.ok(), purge.output());
            NspawnMachine.Result left = m.sh("ls -d /var/lib/" + PKG + " /usr/lib/" + PKG + " /usr/lib/udev/rules.d/70-" + PKG
                    + "-usb.rules 2>/dev/null; getent passwd " + PKG + "; getent group " + PKG);
            assertEquals("", left.output().strip(), "left behind after purge");
        }
    }

    @Test
    void packagedKioskShowsItsFirstScreen() throws Exception {
        Programs.system().require("xvfb-run", "xvfb");
        Path v1 = Debs.find(Debs.dir(), PKG);
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kiosk-run-");
        Path tree = dir.resolve("tree"), home = dir.resolve("home"), data = dir.resolve("data");
        Files.createDirectories(home);
        assertTrue(NspawnMachine.host(Duration.ofMinutes(3), "dpkg-deb", "-x", v1.toString(), tree.toString()).ok());
        Path launcher = tree.resolve("usr/lib/" + PKG + "/bin/" + PKG);
        ProcessBuilder pb = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp",
                launcher.toString(), "--data", data.toString(), "--lang", "en", "--controller", "http://127.0.0.1:9")
                .redirectErrorStream(true).redirectOutput(dir.resolve("kiosk.out").toFile());
        pb.environment().put("HOME", home.toString());
        // its own process group (setsid), so the kiosk and its Xvfb stop together, by that group's id
        pb.command().add(0, "setsid");
        Process p = pb.start();
        try {
            Path log = data.resolve("logs/kiosk.log");
            Instant until = Instant.now().plus(Duration.ofMinutes(3));
            boolean shown = false;
            while (!shown && Instant.now().isBefore(until) && p.isAlive()) {
                shown = Files.exists(log) && Files.readString(log).contains("screen ");
                Thread.sleep(300);
            }
            assertTrue(shown, "the packaged kiosk showed no screen within 3 min:\n" + Files.readString(dir.resolve("kiosk.out"))
                    + (Files.exists(log) ? Files.readString(log) : ""));
            assertFalse(Files.exists(home.resolve(".openjfx")), "JavaFX unpacked its natives into the home folder");
        } finally {
            if (p.isAlive()) {
                NspawnMachine.host(Duration.ofSeconds(10), "kill", "--", "-" + p.pid());
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    NspawnMachine.host(Duration.ofSeconds(10), "kill", "-KILL", "--", "-" + p.pid());
                }
            }
        }
    }

    /** The same package with a newer build number (the kiosk's second build would cost minutes of jlink). */
    private static Path newerVersion(Path v1) throws Exception {
        Path work = Path.of("target", "kiosk-newer").toAbsolutePath();
        NspawnMachine.host(Duration.ofMinutes(1), "rm", "-rf", work.toString());
        Files.createDirectories(work);
        Path tree = work.resolve("tree");
        NspawnMachine.Result r = NspawnMachine.host(Duration.ofMinutes(3), "dpkg-deb", "-R", v1.toString(), tree.toString());
        assertTrue(r.ok(), r.output());
        String v2 = Debs.version(v1) + ".1";
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + v2));
        Path out = work.resolve(PKG + "_" + v2 + "_amd64.deb");
        r = NspawnMachine.host(Duration.ofMinutes(5), "dpkg-deb", "--root-owner-group", "-Zgzip", "-b", tree.toString(), out.toString());
        assertTrue(r.ok(), r.output());
        return out;
    }
}
