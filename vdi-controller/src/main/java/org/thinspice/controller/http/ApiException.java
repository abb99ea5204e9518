package org.thinspice.controller.http;

/**
 * A refusal the client is told about: an HTTP status, a stable machine code and a sentence for
 * people. Every 4xx of the API is one of these, rendered as {@code {"error":code,"message":...}}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;
    private com.google.gson.JsonObject detail;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds until a retry may succeed (lockout), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A machine-readable detail of the refusal (e.g. which USB filter rule is bad), or null. */
    public com.google.gson.JsonObject detail() {
        return detail;
    }

    /** Adds {@code detail} to the error body under the name {@code detail}. */
    public ApiException withDetail(com.google.gson.JsonObject detail) {
        this.detail = detail;
        return this;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }
}
