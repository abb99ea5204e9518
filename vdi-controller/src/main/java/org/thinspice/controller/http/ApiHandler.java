package org.thinspice.controller.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.thinspice.controller.audit.RequestIds;
import org.thinspice.controller.metrics.ControllerMetrics;

/**
 * Jetty's side of the API: reads the body without a thread ({@link BodyReader}, bounded in size and
 * time), then runs the {@link Router} on a worker, turning {@link ApiException}s into JSON errors
 * and anything unexpected into a 500 without internals. Every request gets an id ({@link RequestIds}):
 * answered in {@code X-Request-Id}, in the MDC while the router runs, and so in the audit events it causes.
 */
final class ApiHandler extends Handler.Abstract {
    /** Beyond the body limit, this much more is read and dropped so the client sees the 413. */
    static final long MAX_DRAIN = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;
    private final HeadDeadline heads;
    private final Executor workers;
    private final Scheduler scheduler;
    private final HttpSettings settings;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ControllerMetrics metrics;
    private final Predicate<String> metricsReaders;

    /**
     * @param metrics null for none; else {@code GET /metrics} answers peers {@code metricsReaders} accepts
     */
    ApiHandler(Router router, HeadDeadline heads, Executor workers, Scheduler scheduler, HttpSettings settings,
            ControllerMetrics metrics, Predicate<String> metricsReaders) {
        super(InvocationType.BLOCKING);
        this.metrics = metrics;
        this.metricsReaders = metricsReaders;
        this.router = router;
        this.heads = heads;
        this.workers = workers;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        heads.requestStarted(request);
        String requestId = RequestIds.choose(request.getHeaders().get(RequestIds.HEADER));
        response.getHeaders().put(RequestIds.HEADER, requestId);
        int load = inFlight.incrementAndGet();
        long start = System.nanoTime();
        String[] route = {"unmatched"};
        Runnable ended = () -> {
            inFlight.decrementAndGet();
            heads.requestEnded(request);
            if (metrics != null) {
                metrics.request(request.getMethod(), route[0], response.getStatus(), System.nanoTime() - start);
            }
        };
        Callback done = Callback.from(() -> {
            ended.run();
            callback.succeeded();
        }, x -> {
            ended.run();
            callback.failed(x);
        });
        if (metrics != null && request.getHttpURI().getPath().equals("/metrics") && request.getMethod().equals("GET")
                && metricsReaders.test(Request.getRemoteAddr(request))) {
            route[0] = "/metrics";
            write(request, response, done, new org.thinspice.controller.http.Response(200,
                    "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8),
                    java.util.Map.of()), false);
            return true;
        }
        if (load > settings.threads() + settings.queue()) {
            write(request, response, done, org.thinspice.controller.http.Response.error(new ApiException(503, "busy",
                    "the controller is busy; try again", 1)), false);
            return true;
        }
        if (request.getLength() > settings.maxBody() + MAX_DRAIN) {
            write(request, response, done, tooLarge(), true);
            return true;
        }
        CompletableFuture<BodyReader.Body> body = BodyReader.read(request, settings.maxBody(), MAX_DRAIN);
        if (body.isDone()) {
            respond(request, response, done, body, route, requestId);
            return true;
        }
        Scheduler.Task timeout = scheduler.schedule(() -> body.completeExceptionally(new TimeoutException()),
                settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        body.whenCompleteAsync((b, x) -> {
            timeout.cancel();
            respond(request, response, done, body, route, requestId);
        }, workers);
        return true;
    }

    private void respond(Request request, Response response, Callback done, CompletableFuture<BodyReader.Body> body,
            String[] route, String requestId) {
        BodyReader.Body b;
        try {
            b = body.join();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TimeoutException) {
                write(request, response, done, org.thinspice.controller.http.Response.error(new ApiException(408,
                        "request_timeout", "the body did not arrive within " + settings.bodyTimeout().toSeconds() + " s")), true);
            } else {
                done.failed(e.getCause() == null ? e : e.getCause());
            }
            return;
        }
        if (b.tooLarge()) {
            write(request, response, done, tooLarge(), false);
            return;
        }
        write(request, response, done, dispatch(request, b.bytes(), route, requestId), false);
    }

    private org.thinspice.controller.http.Response tooLarge() {
        return org.thinspice.controller.http.Response.error(new ApiException(413, "body_too_large",
                "the body is over " + settings.maxBody() + " bytes"));
    }

    private org.thinspice.controller.http.Response dispatch(Request request, byte[] body, String[] route, String requestId) {
        MDC.put(RequestIds.MDC_KEY, requestId);
        org.thinspice.controller.http.Request r = new org.thinspice.controller.http.Request(request.getMethod(),
                request.getHttpURI().getPath(), request.getHttpURI().getQuery(), headers(request.getHeaders()), body,
                Request.getRemoteAddr(request));
        try {
            return router.dispatch(r);
        } catch (ApiException e) {
            return org.thinspice.controller.http.Response.error(e);
        } catch (java.sql.SQLException e) {
            // the store is away (restarting, unreachable): the pool recovers by itself, so say when to retry
            LOG.warn("store unavailable on {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), e.toString());
            return org.thinspice.controller.http.Response.error(new ApiException(503, "store_unavailable",
                    "the controller cannot reach its database; try again shortly", 5));
        } catch (Exception | StackOverflowError e) {
            LOG.warn("internal error on {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
            return org.thinspice.controller.http.Response.error(new ApiException(500, "internal", "internal error"));
        } finally {
            route[0] = r.route();
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private static Map<String, List<String>> headers(HttpFields fields) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HttpField f : fields) {
            out.computeIfAbsent(f.getName(), k -> new java.util.ArrayList<>()).add(f.getValue());
        }
        return out;
    }

    private static void write(Request request, Response response, Callback done, org.thinspice.controller.http.Response r,
            boolean close) {
        response.setStatus(r.status());
        HttpFields.Mutable h = response.getHeaders();
        if (r.contentType() != null) {
            h.put(HttpHeader.CONTENT_TYPE, r.contentType());
        }
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        r.headers().forEach(h::put);
        if (close && request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
            h.put(HttpHeader.CONNECTION, "close");
        }
        if (r.body().length == 0) {
            done.succeeded();
            return;
        }
        h.put(HttpHeader.CONTENT_LENGTH, r.body().length);
        response.write(true, ByteBuffer.wrap(r.body()), done);
    }
}
