package org.thinspice.engine.agent;

/** One monitor the guest should show: size in pixels and position in the virtual screen. */
public record MonitorConfig(int width, int height, int x, int y) {
    public MonitorConfig {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("monitor size " + width + "x" + height + " out of range");
        }
    }
}
