package org.thinspice.controller.provider;

/** A desktop as the platform reports it: id, name and power state (running|paused|stopped|unknown). */
public record DesktopInfo(String id, String name, String state) {
}
