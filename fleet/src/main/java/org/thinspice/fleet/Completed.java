package org.thinspice.fleet;

/**
 * An action the controller answered as done, as a terminal saw it — what the audit must hold afterwards
 * ({@code event} in the audit's words: enrol, login, connect, logout).
 */
public record Completed(String event, String terminalId, String username) {
}
