package org.thinspice.controller;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.thinspice.controller.auth.PasswordHasher;

/**
 * {@code ./thinspice bench controller}: requests per second and p50/p99 latency of logins, desktop
 * lists and connections (.vv minted against a real QEMU over QMP), each beside the same run's
 * baseline — a static health endpoint through the same HTTP stack. Production password hashing.
 *
 * <p>Usage: {@code ControllerBench [THREADS] [SECONDS_PER_PHASE]}
 */
public final class ControllerBench {
    private ControllerBench() {
    }

    /** One phase's outcome. */
    record Result(String name, int requests, double seconds, double p50Ms, double p99Ms) {
        double perSecond() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Path dir = Files.createTempDirectory("ts-bench");
        ControllerConfig c = Fixtures.config(dir);
        c.auth.passwordIterations = PasswordHasher.DEFAULT_ITERATIONS;
        c.auth.maxFailures = 1_000_000;
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "SeaBIOS desktop";
        d.memoryMb = 64;
        c.provider.desktops.add(d);
        try (Controller controller = Controller.start(c)) {
            ApiClient client = new ApiClient(controller.port()).login(Fixtures.USER, Fixtures.USER_PASSWORD);
            awaitRunning(client);
            String login = "{\"username\":\"" + Fixtures.USER + "\",\"password\":\"" + Fixtures.USER_PASSWORD + "\"}";
            List<Result> results = new ArrayList<>();
            results.add(run("health (baseline)", threads, seconds, () -> client.get("/api/v1/health")));
            results.add(run("login", threads, seconds, () -> client.fresh().call("POST", "/api/v1/auth/login",
                    "application/json", login.getBytes())));
            results.add(run("desktop list", threads, seconds, () -> client.get("/api/v1/desktops")));
            results.add(run("connection (.vv)", threads, seconds,
                    () -> client.call("POST", "/api/v1/desktops/demo/connection", null, null)));
            print(results, threads);
        }
    }

    private static void awaitRunning(ApiClient client) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (client.get("/api/v1/desktops").body().contains("\"running\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the bench desktop did not start");
    }

    private static Result run(String name, int threads, double seconds, Callable<HttpResponse<String>> call) throws Exception {
        for (int i = 0; i < 3; i++) {
            check(call.call());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicInteger count = new AtomicInteger();
        List<Future<List<Long>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<Long> lat = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    check(call.call());
                    lat.add(System.nanoTime() - t0);
                    count.incrementAndGet();
                }
                return lat;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(name, sorted.length, elapsed, pct(sorted, 0.50), pct(sorted, 0.99));
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void print(List<Result> results, int threads) {
        Result base = results.get(0);
        System.out.printf("controller bench: %d client threads, %d cores, PBKDF2 %d iterations%n", threads,
                Runtime.getRuntime().availableProcessors(), PasswordHasher.DEFAULT_ITERATIONS);
        System.out.printf("%-20s %10s %10s %10s %14s%n", "endpoint", "req/s", "p50 ms", "p99 ms", "vs baseline");
        for (Result r : results) {
            System.out.printf("%-20s %10.1f %10.2f %10.2f %13.3fx%n", r.name(), r.perSecond(), r.p50Ms(), r.p99Ms(),
                    r.perSecond() / base.perSecond());
        }
    }
}
