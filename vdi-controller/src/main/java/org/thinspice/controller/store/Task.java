package org.thinspice.controller.store;

/** A power action and how it went: state {@code running|ok|failed}. */
public record Task(String id, String desktopId, String username, String action, String state, String detail,
        long startedAt, Long finishedAt) {
}
