package org.thinspice.controller.store;

/** A desktop given to a user or a group ({@code principalType} "user" | "group"), with its policy (null = fallback). */
public record Assignment(String id, String desktopId, String principalType, String principal, String policyId) {
}
