package org.thinspice.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a fleet does: {@code terminals} terminals against {@code controller} (through a load balancer or not), each
 * enrolling with its own one-time code, signing in as {@code users[i % users.size()]}, connecting to the desktop
 * {@code i % desktops} of its list, holding the session {@code hold} (or until released) with one small input every
 * {@code inputEvery}, then signing out. Starts are spread evenly over {@code ramp}.
 */
public record FleetPlan(URI controller, String namePrefix, int terminals, List<Credentials> users, Duration ramp,
        Duration hold, Duration inputEvery, Duration timeout) {
    /** A user name and password. */
    public record Credentials(String username, String password) {
    }

    public FleetPlan {
        if (terminals < 1) {
            throw new IllegalArgumentException("terminals must be at least 1");
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no users");
        }
        users = List.copyOf(users);
    }
}
