package org.thinspice.controller.audit;

import java.util.regex.Pattern;
import org.thinspice.controller.auth.Secrets;

/**
 * The id of one HTTP request: taken from the client's (or load balancer's) {@code X-Request-Id} when it is a
 * plain token, else made here. It is answered in {@code X-Request-Id}, held in SLF4J's MDC while the request is
 * served (so every log line and the JSON log layout carry it) and stored with every audit event the request
 * causes.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private RequestIds() {
    }

    /** The caller's id when it is 8..64 of {@code [A-Za-z0-9._:-]}, else a new random one (16 hex digits). */
    public static String choose(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches() ? offered : Secrets.hex(8);
    }
}
