package org.thinspice.fleet.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.api.LoginOutcome;
import org.thinspice.client.api.TerminalIdentity;
import org.thinspice.fleet.AdminCalls;
import org.thinspice.fleet.Completed;
import org.thinspice.fleet.Fleet;
import org.thinspice.fleet.FleetPlan;
import org.thinspice.fleet.Step;
import org.thinspice.fleet.StepStats;
import org.thinspice.fleet.lab.AuditCheck;
import org.thinspice.fleet.lab.FleetLab;

/**
 * {@code ./thinspice bench fleet [TERMINALS] [USERS]}: two controllers on PostgreSQL and two gateways behind HAProxy,
 * all on 127.0.0.1, desktop stand-ins behind them. TERMINALS (default 500) sign in and connect and hold; then one
 * controller and one gateway are SIGKILLed by pid while the sessions are held and a second wave of terminals signs in.
 * Printed: per-step p50/p99 before and after side by side, established sessions on the surviving gateway that dropped,
 * how long until a new sign-in through HAProxy succeeded, completed actions missing from the audit, the load average.
 * Options as system properties: {@code fleet.after} (second wave, default min(100, TERMINALS)), {@code fleet.rampS}
 * (default TERMINALS/5), {@code fleet.iterations} (PBKDF2, default 210000), {@code fleet.standIns} (default 4).
 */
public final class FleetBench {
    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : Math.min(n, 50);
        int after = Integer.getInteger("fleet.after", Math.min(100, n));
        // 5 sign-ins a second: PBKDF2 at the default cost is most of what two shared cores can do (docs/scale.md)
        int ramp = Integer.getInteger("fleet.rampS", Math.max(5, n / 5));
        int iterations = Integer.getInteger("fleet.iterations", 210_000);
        int standIns = Integer.getInteger("fleet.standIns", 4);
        Duration timeout = Duration.ofSeconds(60);
        Path dir = Files.createTempDirectory("ts-fleet-bench");
        System.out.printf("fleet bench: %d terminals (%d users, PBKDF2 %d), %d after the kill, ramp %d s, %d stand-ins; "
                + "load average at start %s; work dir %s%n", n, users, iterations, after, ramp, standIns, loadavg(), dir);
        try (FleetLab lab = FleetLab.start(new FleetLab.Shape(2, 2, true, true, standIns, users, iterations), dir)) {
            System.out.printf("up: controllers pid %d, %d; gateways pid %d, %d; HAProxy pid %d; PostgreSQL pid %d%n",
                    lab.controllers().get(0).pid(), lab.controllers().get(1).pid(), lab.gateways().get(0).pid(),
                    lab.gateways().get(1).pid(), lab.haproxy().pid(), lab.postgres().pid());
            CpuMeter cpu = new CpuMeter().add("controller1", lab.controllers().get(0).pid())
                    .add("controller2", lab.controllers().get(1).pid()).add("gateway1", lab.gateways().get(0).pid())
                    .add("gateway2", lab.gateways().get(1).pid()).add("HAProxy", lab.haproxy().pid())
                    .add("PostgreSQL", lab.postgres().pid())
                    .add("bench JVM (terminals + stand-ins)", ProcessHandle.current().pid());
            run(lab, n, after, ramp, timeout, cpu);
        }
        System.out.println("every process stopped by its pid; load average at the end " + loadavg());
    }

    private static void run(FleetLab lab, int n, int after, int ramp, Duration timeout, CpuMeter cpu) throws Exception {
        AdminCalls admin = AdminCalls.signIn(lab.controllerUrl(), FleetLab.ADMIN, FleetLab.ADMIN_PASSWORD);
        List<String> codes = admin.enrolmentCodes(n + after + 1, 7200);
        Probe probe = Probe.enrol(lab, codes.get(n + after), timeout);
        FleetPlan before = lab.plan("before", n, Duration.ofSeconds(ramp), Duration.ofMinutes(30), Duration.ofSeconds(1),
                timeout);
        Map<String, Double> cpuStart = cpu.read();
        double busyStart = CpuMeter.machineBusySeconds();
        try (Fleet first = new Fleet(before).start(codes.subList(0, n))) {
            long t0 = System.nanoTime();
            boolean settled = first.awaitSettled(ramp + 300L, TimeUnit.SECONDS);
            System.out.printf("%n%d of %d terminals hold a session %.1f s after the first started%s; load average %s%n",
                    first.everHeld(), n, (System.nanoTime() - t0) / 1e9, settled ? "" : " (not all settled)", loadavg());
            System.out.printf("gateway tunnels active: gateway1 %s, gateway2 %s%n", gauge(lab, 0), gauge(lab, 1));
            Thread.sleep(3000);
            Map<String, Integer> tunnels1 = AuditCheck.gatewayTunnels(lab.gatewayAudit(0));
            Map<String, Integer> tunnels2 = AuditCheck.gatewayTunnels(lab.gatewayAudit(1));
            Set<String> onKilled = tunnels1.keySet();
            Set<String> onSurvivor = tunnels2.keySet();
            Set<String> split = new HashSet<>(onKilled);
            split.retainAll(onSurvivor);
            Map<String, Double> cpuKill = cpu.read();
            double busyKill = CpuMeter.machineBusySeconds();
            String loadAtKill = loadavg();
            long kill = System.nanoTime();
            List<String> holding = first.holdingAt(kill);
            lab.controllers().get(0).kill();
            lab.gateways().get(0).kill();
            System.out.printf("%nSIGKILL: controller1 (pid %d) and gateway1 (pid %d) at +%.1f s%n",
                    lab.controllers().get(0).pid(), lab.gateways().get(0).pid(), (kill - t0) / 1e9);
            Probe.Result p = probe.untilSignedIn(kill, Duration.ofSeconds(30));
            FleetPlan second = lab.plan("after", after, Duration.ofSeconds(Math.max(3, ramp * after / n)),
                    Duration.ofSeconds(10), Duration.ofSeconds(1), timeout);
            StepStats afterStats;
            List<Completed> completed = new ArrayList<>();
            Set<String> secondWave = new HashSet<>();
            try (Fleet wave = new Fleet(second).start(codes.subList(n, n + after))) {
                wave.awaitSettled(ramp + 300L, TimeUnit.SECONDS);
                wave.join(300, TimeUnit.SECONDS);
                afterStats = wave.stats();
                completed.addAll(wave.completed());
                wave.completed().stream().filter(c -> c.event().equals("connect")).forEach(c -> secondWave.add(c.terminalId()));
            }
            Map<String, Integer> tunnels2After = AuditCheck.gatewayTunnels(lab.gatewayAudit(1));
            long secondOnSurvivor = secondWave.stream().filter(tunnels2After::containsKey).count();
            first.release();
            first.join(300, TimeUnit.SECONDS);
            completed.addAll(first.completed());
            completed.addAll(probe.completed());

            List<String> dropped = first.droppedSince(kill);
            // a session counts as the survivor's when every tunnel the gateways audited for its terminal was there
            Set<String> survivorOnly = new HashSet<>(holding);
            survivorOnly.retainAll(onSurvivor);
            survivorOnly.removeAll(onKilled);
            long throughKilled = holding.stream().filter(onKilled::contains).count();
            long survivorDropped = dropped.stream().filter(survivorOnly::contains).count();
            System.out.printf("%n%s%n", sideBySide(first.stats(), afterStats));
            System.out.printf("sessions held at the kill: %d — through gateway2 (survivor) only: %d, through gateway1: %d%n",
                    holding.size(), survivorOnly.size(), throughKilled);
            System.out.printf("gateway affinity (the gateways' audit files, before the kill): %d terminals tunnelled through "
                    + "gateway1 (%d tunnels), %d through gateway2 (%d tunnels), %d through both (must be 0)%n",
                    onKilled.size(), tunnels1.values().stream().mapToInt(Integer::intValue).sum(), onSurvivor.size(),
                    tunnels2.values().stream().mapToInt(Integer::intValue).sum(), split.size());
            System.out.printf("second wave: %d of %d terminals that got a .vv tunnelled through gateway2 (the survivor)%n",
                    secondOnSurvivor, secondWave.size());
            System.out.printf("established sessions on the surviving gateway that dropped: %d (must be 0)%n",
                    survivorDropped);
            System.out.printf("sessions that dropped after the kill in all: %d (those through gateway1 had to)%n",
                    dropped.size());
            System.out.printf("new sign-in through HAProxy after the kill: %s (within 5 s: %s)%n", p.describe(),
                    p.okMillis() >= 0 && p.okMillis() <= 5000 ? "yes" : "NO");
            List<AuditCheck.Row> audit = auditRows(lab);
            List<Completed> lost = AuditCheck.missing(completed, audit);
            System.out.printf("completed actions the terminals saw: %d; audit records (PostgreSQL): %d; completed actions "
                    + "missing from the audit: %d (must be 0)%s%n", completed.size(), audit.size(), lost.size(),
                    lost.isEmpty() ? "" : " e.g. " + lost.subList(0, Math.min(5, lost.size())));
            System.out.printf("load average at the kill %s, now %s%n", loadAtKill, loadavg());
            System.out.printf("%n%s", cpuTable(cpuStart, cpuKill, busyKill - busyStart, (kill - t0) / 1e9, n,
                    first.everHeld()));
        }
    }

    /** CPU seconds per process from the first wave's start to the kill: where the two cores went. */
    private static String cpuTable(Map<String, Double> from, Map<String, Double> to, double machineBusy, double wall,
            int terminals, int held) {
        StringBuilder b = new StringBuilder(String.format("CPU from the first wave's start to the kill (%.1f s wall, "
                + "%.0f core-seconds available on %d cores; the whole machine was busy %.1f core-s, other helpers included):%n",
                wall, wall * Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
                machineBusy));
        double ours = 0;
        for (Map.Entry<String, Double> e : to.entrySet()) {
            double used = e.getValue() - from.getOrDefault(e.getKey(), 0.0);
            ours += used;
            b.append(String.format("  %-36s %8.1f core-s  (%5.1f %% of one core)%n", e.getKey(), used, 100 * used / wall));
        }
        b.append(String.format("  %-36s %8.1f core-s; the rest of the machine (other helpers) %.1f core-s%n", "the fleet's processes",
                ours, machineBusy - ours));
        double ctl = to.get("controller1") + to.get("controller2") - from.get("controller1") - from.get("controller2");
        double gw = to.get("gateway1") + to.get("gateway2") - from.get("gateway1") - from.get("gateway2");
        b.append(String.format("  per terminal: controllers %.3f core-s (enrol + sign-in + list + .vv, PBKDF2 included), "
                + "gateways %.3f core-s per held session (3 tunnels opened and relayed until the kill)%n",
                ctl / terminals, held == 0 ? 0 : gw / held));
        return b.toString();
    }

    private static String sideBySide(StepStats before, StepStats after) {
        StringBuilder b = new StringBuilder(String.format("%-9s | %6s %9s %9s | %6s %9s %9s | %s%n", "step", "ok",
                "p50 ms", "p99 ms", "ok", "p50 ms", "p99 ms", "failures before / after"));
        b.append(String.format("%-9s | %26s | %26s |%n", "", "before the kill", "after the kill"));
        for (Step s : Step.values()) {
            b.append(String.format("%-9s | %6d %9.1f %9.1f | %6d %9.1f %9.1f | %s / %s%n", s.label(), before.count(s),
                    before.quantileMillis(s, 0.5), before.quantileMillis(s, 0.99), after.count(s),
                    after.quantileMillis(s, 0.5), after.quantileMillis(s, 0.99),
                    before.failures(s).isEmpty() ? "-" : before.failures(s),
                    after.failures(s).isEmpty() ? "-" : after.failures(s)));
        }
        return b.toString();
    }

    private static List<AuditCheck.Row> auditRows(FleetLab lab) throws Exception {
        List<AuditCheck.Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(lab.postgres().jdbcUrl(), lab.postgres().user(), "");
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT event, outcome, terminal_id FROM audit_events")) {
            while (r.next()) {
                rows.add(new AuditCheck.Row(r.getString(1), r.getString(2), r.getString(3) == null ? "" : r.getString(3)));
            }
        }
        return rows;
    }

    private static String gauge(FleetLab lab, int gateway) {
        try {
            for (String line : lab.gatewayMetrics(gateway).split("\n")) {
                if (line.startsWith("thinspice_gateway_tunnels_active")) {
                    return line.substring(line.lastIndexOf(' ') + 1);
                }
            }
            return "?";
        } catch (Exception e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** One enrolled terminal that signs in again and again after the kill until a sign-in succeeds. */
    private static final class Probe {
        record Result(long okMillis, int failedTries, String lastFailure) {
            String describe() {
                return okMillis < 0 ? "none within 30 s (" + failedTries + " tries failed, last: " + lastFailure + ")"
                        : "first success " + okMillis + " ms after the kill, " + failedTries + " failed tries before"
                        + (failedTries > 0 ? " (last: " + lastFailure + ")" : "");
            }
        }

        private final HttpControllerClient client;
        private final String terminalId;
        private final List<Completed> completed = new ArrayList<>();

        private Probe(HttpControllerClient client, String terminalId) {
            this.client = client;
            this.terminalId = terminalId;
        }

        static Probe enrol(FleetLab lab, String code, Duration timeout) throws Exception {
            URI base = lab.controllerUrl();
            TerminalIdentity id = TerminalIdentity.generate();
            String tid = new HttpControllerClient(base, null, null, timeout).enrol(code, "probe", id.publicKeyB64());
            Probe p = new Probe(new HttpControllerClient(base, tid, id, Duration.ofSeconds(5)), tid);
            p.completed.add(new Completed("enrol", tid, ""));
            return p;
        }

        Result untilSignedIn(long since, Duration limit) throws InterruptedException {
            int failed = 0;
            String last = "";
            long end = since + limit.toNanos();
            while (System.nanoTime() < end) {
                try {
                    LoginOutcome o = client.login("fleet1", FleetLab.USER_PASSWORD.toCharArray());
                    if (o instanceof LoginOutcome.SignedIn in) {
                        long ms = (System.nanoTime() - since) / 1_000_000;
                        completed.add(new Completed("login", terminalId, "fleet1"));
                        client.setToken(in.token());
                        try {
                            client.logout();
                            completed.add(new Completed("logout", terminalId, "fleet1"));
                        } catch (ControllerException e) {
                            // the sign-in is what is measured; a failed sign-out only goes unrecorded
                        }
                        return new Result(ms, failed, last);
                    }
                    last = "second factor asked";
                } catch (ControllerException e) {
                    last = e.code() + ": " + e.getMessage();
                }
                failed++;
                Thread.sleep(100);
            }
            return new Result(-1, failed, last);
        }

        List<Completed> completed() {
            return completed;
        }
    }
}
