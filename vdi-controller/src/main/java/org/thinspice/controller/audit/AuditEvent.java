package org.thinspice.controller.audit;

/**
 * One audited fact. {@code event}: login, second_factor, logout, connect, power, enrol, admin.*;
 * {@code outcome}: ok | failed | refused.
 */
public record AuditEvent(long at, String event, String outcome, String username, String terminalId, String target,
        String remote, String detail) {
}
