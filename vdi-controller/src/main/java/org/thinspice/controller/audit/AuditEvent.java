package org.thinspice.controller.audit;

/**
 * One audited fact. {@code event}: login, second_factor, logout, connect, power, enrol, admin.*;
 * {@code outcome}: ok | failed | refused. {@code requestId}: the HTTP request that caused it ({@code X-Request-Id},
 * the same id the JSON logs carry), empty when none did.
 */
public record AuditEvent(long at, String event, String outcome, String username, String terminalId, String target,
        String remote, String detail, String requestId) {
    public AuditEvent(long at, String event, String outcome, String username, String terminalId, String target,
            String remote, String detail) {
        this(at, event, outcome, username, terminalId, target, remote, detail, "");
    }
}
