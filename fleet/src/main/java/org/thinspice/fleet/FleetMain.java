package org.thinspice.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./thinspice fleet}: N headless terminals against a running controller. The administrator's credentials mint
 * one enrolment code per terminal; users are {@code PREFIX1..PREFIXU} with one password (seed them first). Prints
 * the per-step table (p50/p99, failures by reason) at the end.
 */
public final class FleetMain {
    private FleetMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = parse(argv);
        if (a.containsKey("help") || !a.containsKey("controller") || !a.containsKey("admin")) {
            System.err.println("""
                    usage: ./thinspice fleet --controller URL --admin USER:PASSWORD [--terminals N] [--users PREFIX]
                           [--user-count U] [--password PW] [--ramp-s S] [--hold-s S] [--input-ms MS] [--timeout-s S]""");
            System.exit(2);
        }
        URI base = URI.create(a.get("controller"));
        int n = Integer.parseInt(a.getOrDefault("terminals", "20"));
        int userCount = Integer.parseInt(a.getOrDefault("user-count", Integer.toString(n)));
        String prefix = a.getOrDefault("users", "fleet");
        String password = a.getOrDefault("password", "fleet-password");
        List<FleetPlan.Credentials> users = new ArrayList<>();
        for (int i = 1; i <= userCount; i++) {
            users.add(new FleetPlan.Credentials(prefix + i, password));
        }
        FleetPlan plan = new FleetPlan(base, "fleet", n, users,
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("ramp-s", "10"))),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("hold-s", "30"))),
                Duration.ofMillis(Long.parseLong(a.getOrDefault("input-ms", "1000"))),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("timeout-s", "30"))));
        String[] admin = a.get("admin").split(":", 2);
        List<String> codes = AdminCalls.signIn(base, admin[0], admin.length > 1 ? admin[1] : "")
                .enrolmentCodes(n, 3600);
        long t0 = System.nanoTime();
        try (Fleet fleet = new Fleet(plan).start(codes)) {
            fleet.awaitSettled(plan.ramp().toSeconds() + 4 * plan.timeout().toSeconds() + 60, TimeUnit.SECONDS);
            System.out.printf("%d of %d terminals held a session (%.1f s after the start)%n", fleet.everHeld(), n,
                    (System.nanoTime() - t0) / 1e9);
            fleet.join(plan.hold().toSeconds() + 2 * plan.timeout().toSeconds() + 60, TimeUnit.SECONDS);
            System.out.print(fleet.stats().table());
        }
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String k = argv[i].substring(2);
            if (k.equals("help")) {
                m.put(k, "");
            } else if (i + 1 < argv.length) {
                m.put(k, argv[++i]);
            } else {
                throw new IllegalArgumentException(argv[i] + " needs a value");
            }
        }
        return m;
    }
}
