package org.thinspice.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * thinspice-controller on a Debian 12 machine booted with systemd: apt installs it, the service starts
 * hardened as its own user and answers /api/v1/health over HTTPS, survives a restart with its data, keeps
 * the administrator's configuration through an upgrade to a newer build, and purge leaves nothing behind.
 */
class ControllerDebIT {
    private static final String PKG = "thinspice-controller";

    @Test
    void installsRunsRestartsUpgradesAndPurges() throws Exception {
        Path v1 = Debs.find(Debs.dir(), PKG);
        Path v2 = Debs.newerBuild("controller", PKG, v1);
        Path all = Path.of("target").toAbsolutePath();
        try (NspawnMachine m = NspawnMachine.boot(all, Path.of("target", "nspawn"))) {
            String in1 = "/debs/" + all.relativize(v1), in2 = "/debs/" + all.relativize(v2);

            NspawnMachine.Result install = m.exec(Duration.ofMinutes(5), "apt-get", "install", "-y", "-q", in1);
            assertTrue(install.ok(), install.output());
            assertTrue(health(m, 8480).ok(), "health after install: " + health(m, 8480).output()
                    + journal(m));
            assertTrue(health(m, 8480).output().contains("\"status\":\"ok\""), health(m, 8480).output());

            // its own user, hardened, logging to the journal
            assertEquals("thinspice-controller", m.sh("ps -o user= -p $(systemctl show -p MainPID --value " + PKG + ")").output().strip());
            String props = m.sh("systemctl show " + PKG + " -p NoNewPrivileges -p ProtectSystem -p PrivateTmp -p User").output();
            assertTrue(props.contains("NoNewPrivileges=yes") && props.contains("ProtectSystem=strict")
                    && props.contains("PrivateTmp=yes"), props);
            assertTrue(journal(m).contains("thinspice controller listening on https://"), journal(m));
            assertFalse(m.sh("runuser -u nobody -- cat /etc/thinspice/controller.json").ok(),
                    "the configuration (bootstrap password) is readable by everyone");
            String cert = sha(m, "/var/lib/thinspice/controller/tls-cert.pem");

            // restart: a new process, the same certificate and store
            String pid = mainPid(m);
            assertTrue(m.sh("systemctl restart " + PKG).ok());
            assertTrue(health(m, 8480).ok(), "health after restart" + journal(m));
            assertNotEquals(pid, mainPid(m));
            assertEquals(cert, sha(m, "/var/lib/thinspice/controller/tls-cert.pem"));

            // the administrator's change, then the upgrade to a newer build keeps it (no conffile question)
            assertTrue(m.sh("sed -i 's/\"port\": 8480/\"port\": 8490/' /etc/thinspice/controller.json && systemctl restart " + PKG).ok());
            assertTrue(health(m, 8490).ok(), "health on the administrator's port" + journal(m));
            NspawnMachine.Result upgrade = m.exec(Duration.ofMinutes(5), "apt-get", "install", "-y", "-q", in2);
            assertTrue(upgrade.ok(), upgrade.output());
            assertEquals(Debs.version(v2), m.sh("dpkg-query -W -f='${Version}' " + PKG).output().strip());
            assertTrue(m.sh("grep -q '\"port\": 8490' /etc/thinspice/controller.json").ok(), "configuration kept");
            assertTrue(health(m, 8490).ok(), "health after the upgrade" + journal(m));
            assertEquals(cert, sha(m, "/var/lib/thinspice/controller/tls-cert.pem"), "data kept");

            // purge: configuration, data, user and unit gone
            NspawnMachine.Result purge = m.exec(Duration.ofMinutes(3), "apt-get", "purge", "-y", "-q", PKG);
            assertTrue(purge.ok(), purge.output());
            NspawnMachine.Result left = m.sh("ls -d /etc/thinspice/controller.json /etc/thinspice/controller-logback.xml "
                    + "/var/lib/thinspice/controller /lib/systemd/system/" + PKG + ".service 2>/dev/null; getent passwd " + PKG
                    + "; getent group " + PKG + "; curl -sk https://127.0.0.1:8490/api/v1/health");
            assertEquals("", left.output().strip(), "left behind after purge");
        }
    }

    private static NspawnMachine.Result health(NspawnMachine m, int port) throws Exception {
        // the first start seeds the store and makes its certificate: give it time on a busy machine
        return m.waitForSh(Duration.ofMinutes(3), "curl -fsSk --max-time 10 https://127.0.0.1:" + port + "/api/v1/health");
    }

    private static String mainPid(NspawnMachine m) throws Exception {
        return m.sh("systemctl show -p MainPID --value " + PKG).output().strip();
    }

    private static String sha(NspawnMachine m, String file) throws Exception {
        NspawnMachine.Result r = m.sh("sha256sum " + file);
        assertTrue(r.ok(), r.output());
        return r.output().split(" ")[0];
    }

    private static String journal(NspawnMachine m) throws Exception {
        return "\n" + m.sh("journalctl -u " + PKG + " --no-pager | tail -40").output();
    }
}
