package org.thinspice.gateway;

/** Why the gateway refused a CONNECT: the HTTP status it answers and the reason code it audits. */
public enum Refusal {
    BAD_REQUEST(400, "Bad Request", "bad_request"),
    NO_TICKET(403, "Forbidden", "no_ticket"),
    BAD_SIGNATURE(403, "Forbidden", "bad_signature"),
    EXPIRED(403, "Forbidden", "expired"),
    WRONG_PORT(403, "Forbidden", "wrong_port"),
    HEAD_TIMEOUT(408, "Request Timeout", "head_timeout"),
    HEAD_TOO_LARGE(431, "Request Header Fields Too Large", "head_too_large"),
    LIMIT_SOURCE(429, "Too Many Requests", "limit_source"),
    LIMIT_GLOBAL(503, "Service Unavailable", "limit_global"),
    SHUTTING_DOWN(503, "Service Unavailable", "shutting_down"),
    TARGET_UNREACHABLE(502, "Bad Gateway", "target_unreachable");

    private final int status;
    private final String phrase;
    private final String code;

    Refusal(int status, String phrase, String code) {
        this.status = status;
        this.phrase = phrase;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The reason code written to the audit log and the metrics. */
    public String code() {
        return code;
    }

    /** The whole HTTP response: status line, no body, connection closes. */
    public String response() {
        return "HTTP/1.1 " + status + " " + phrase + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    }
}
