package org.thinspice.controller.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The controller's metrics, in Prometheus' text format: sign-ins by outcome, API requests by method,
 * route template and status with latency histograms, and (bound by the store) the connection pool.
 */
public final class ControllerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The registry, for HikariCP's pool metrics. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** One sign-in step's outcome: ok, second_factor_required, failed, locked, error. */
    public void login(String step, String outcome) {
        Counter.builder("thinspice_logins").description("sign-in steps by outcome").tag("step", step).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** One API request: {@code route} is the matched template ("unmatched" when none). */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("thinspice_http_requests").description("API requests by route and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** Everything, as Prometheus scrapes it. */
    public String scrape() {
        return registry.scrape();
    }
}
