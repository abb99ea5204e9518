package org.thinspice.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * thinspice-gateway on a Debian 12 machine booted with systemd: apt installs it; it waits for the
 * controller's ticket key, then runs as its own user with LimitNOFILE for 20000 tunnels and refuses a
 * ticketless CONNECT (403); it survives a restart, keeps the administrator's configuration and key through
 * an upgrade to a newer build, and purge leaves nothing behind.
 */
class GatewayDebIT {
    private static final String PKG = "thinspice-gateway";
    private static final String CONNECT = "exec 3<>/dev/tcp/127.0.0.1/%d && printf 'CONNECT 10.0.0.1:22 HTTP/1.1\\r\\nHost: 10.0.0.1:22\\r\\n\\r\\n' >&3 && timeout 10 head -1 <&3";

    @Test
    void installsRunsRestartsUpgradesAndPurges() throws Exception {
        Path v1 = Debs.find(Debs.dir(), PKG);
        Path v2 = Debs.newerBuild("gateway", PKG, v1);
        Path all = Path.of("target").toAbsolutePath();
        try (NspawnMachine m = NspawnMachine.boot(all, Path.of("target", "nspawn"))) {
            String in1 = "/debs/" + all.relativize(v1), in2 = "/debs/" + all.relativize(v2);

            NspawnMachine.Result install = m.exec(Duration.ofMinutes(5), "apt-get", "install", "-y", "-q", in1);
            assertTrue(install.ok(), install.output());
            // no controller key yet: enabled, but held back by its start condition instead of failing
            assertEquals("enabled", m.sh("systemctl is-enabled " + PKG).output().strip());
            assertTrue(m.sh("systemctl show -p ConditionResult --value " + PKG).output().contains("no"),
                    m.sh("systemctl status --no-pager " + PKG).output());

            // the controller's public key (an Ed25519 key made here stands in for it), then it starts
            assertTrue(m.sh("openssl genpkey -algorithm ed25519 -out /root/c1.key && "
                    + "openssl pkey -in /root/c1.key -pubout -out /etc/thinspice/gateway-keys/c1.pem && systemctl start " + PKG).ok());
            NspawnMachine.Result refused = refusal(m, 3128);
            assertTrue(refused.output().startsWith("HTTP/1.1 403"), refused.output() + journal(m));
            assertTrue(journal(m).contains("no_ticket"), "the refusal's audit line in the journal" + journal(m));

            assertEquals("thinspice-gateway", m.sh("ps -o user= -p $(systemctl show -p MainPID --value " + PKG + ")").output().strip());
            assertTrue(m.sh("grep -E '^Max open files +65536 +65536' /proc/$(systemctl show -p MainPID --value " + PKG + ")/limits").ok(),
                    m.sh("cat /proc/$(systemctl show -p MainPID --value " + PKG + ")/limits").output());
            String props = m.sh("systemctl show " + PKG + " -p NoNewPrivileges -p ProtectSystem -p PrivateTmp").output();
            assertTrue(props.contains("NoNewPrivileges=yes") && props.contains("ProtectSystem=strict")
                    && props.contains("PrivateTmp=yes"), props);

            String pid = mainPid(m);
            assertTrue(m.sh("systemctl restart " + PKG).ok());
            assertTrue(refusal(m, 3128).output().startsWith("HTTP/1.1 403"), "after restart" + journal(m));
            assertNotEquals(pid, mainPid(m));

            // the administrator's port, kept through the upgrade with the key
            assertTrue(m.sh("sed -i 's/^listen.port = 3128/listen.port = 3130/' /etc/thinspice/gateway.properties && systemctl restart " + PKG).ok());
            assertTrue(refusal(m, 3130).output().startsWith("HTTP/1.1 403"), "on the administrator's port" + journal(m));
            String key = m.sh("sha256sum /etc/thinspice/gateway-keys/c1.pem").output();
            NspawnMachine.Result upgrade = m.exec(Duration.ofMinutes(5), "apt-get", "install", "-y", "-q", in2);
            assertTrue(upgrade.ok(), upgrade.output());
            assertEquals(Debs.version(v2), m.sh("dpkg-query -W -f='${Version}' " + PKG).output().strip());
            assertTrue(m.sh("grep -q '^listen.port = 3130' /etc/thinspice/gateway.properties").ok(), "configuration kept");
            assertEquals(key, m.sh("sha256sum /etc/thinspice/gateway-keys/c1.pem").output(), "key kept");
            assertTrue(refusal(m, 3130).output().startsWith("HTTP/1.1 403"), "after the upgrade" + journal(m));

            NspawnMachine.Result purge = m.exec(Duration.ofMinutes(3), "apt-get", "purge", "-y", "-q", PKG);
            assertTrue(purge.ok(), purge.output());
            NspawnMachine.Result left = m.sh("ls -d /etc/thinspice /var/lib/thinspice /lib/systemd/system/" + PKG
                    + ".service 2>/dev/null; getent passwd " + PKG + "; getent group " + PKG);
            assertEquals("", left.output().strip(), "left behind after purge");
            assertTrue(!m.sh(String.format(CONNECT, 3130)).ok(), "still listening after purge");
        }
    }

    private static NspawnMachine.Result refusal(NspawnMachine m, int port) throws Exception {
        return m.waitForSh(Duration.ofMinutes(2), String.format(CONNECT, port));
    }

    private static String mainPid(NspawnMachine m) throws Exception {
        return m.sh("systemctl show -p MainPID --value " + PKG).output().strip();
    }

    private static String journal(NspawnMachine m) throws Exception {
        return "\n" + m.sh("journalctl -u " + PKG + " --no-pager | tail -40").output();
    }
}
