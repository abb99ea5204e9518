package org.thinspice.controller.provider;

import java.util.Locale;
import java.util.Optional;

/** The power actions: start, shutdown (ACPI), stop (pull the plug), reboot, reset (hard). */
public enum PowerAction {
    START, SHUTDOWN, STOP, REBOOT, RESET;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PowerAction> parse(String s) {
        for (PowerAction a : values()) {
            if (a.wireName().equals(s)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
