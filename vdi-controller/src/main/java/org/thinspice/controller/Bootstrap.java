package org.thinspice.controller;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.thinspice.controller.auth.PasswordHasher;
import org.thinspice.controller.auth.Secrets;
import org.thinspice.controller.store.Assignment;
import org.thinspice.controller.store.Policy;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.User;
import org.thinspice.device.policy.UsbFilter;
import org.thinspice.device.policy.UsbFilterException;

/** Seeds an empty store from the config's {@code bootstrap} section (first start only). */
final class Bootstrap {
    private Bootstrap() {
    }

    /** SQLSTATE of a unique-constraint violation (H2 and PostgreSQL alike). */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * True when the store was empty and got seeded. Two controllers starting together on one empty
     * database both try; the second one's transaction waits for the first and then meets its rows —
     * it backs off, as the store is seeded.
     */
    static boolean seed(Store store, ControllerConfig.Bootstrap b, PasswordHasher hasher) throws SQLException {
        if (store.users().count() > 0) {
            return false;
        }
        try {
            return insert(store, b, hasher);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && store.users().count() > 0) {
                return false;
            }
            throw e;
        }
    }

    private static boolean insert(Store store, ControllerConfig.Bootstrap b, PasswordHasher hasher) throws SQLException {
        return store.db().transaction(() -> {
            Set<String> groups = new HashSet<>();
            for (ControllerConfig.SeedUser u : b.users) {
                for (String g : u.groups) {
                    if (groups.add(g)) {
                        store.users().insertGroup(g);
                    }
                }
                store.users().insert(new User(u.username, u.password == null ? null : hasher.hash(u.password.toCharArray()),
                        u.role, null, u.groups));
            }
            for (ControllerConfig.SeedPolicy p : b.policies) {
                String filter = p.usbFilter.isEmpty() ? Policy.DEFAULT_USB_FILTER : p.usbFilter;
                try {
                    UsbFilter.parsePolicy(filter, Policy.MAX_USB_FILTER);
                } catch (UsbFilterException e) {
                    throw new IllegalArgumentException("bootstrap policy " + p.id + ": usbFilter: " + e.getMessage(), e);
                }
                store.policies().upsert(new Policy(p.id, p.clipboard, p.usbRedirect, p.usbAutoshare, filter, p.smartcardShare,
                        p.microphone, p.actions));
            }
            for (ControllerConfig.SeedAssignment a : b.assignments) {
                boolean user = a.user != null;
                store.assignments().insert(new Assignment("a-" + Secrets.hex(8), a.desktop, user ? "user" : "group",
                        user ? a.user : a.group, a.policy));
            }
            return true;
        });
    }
}
