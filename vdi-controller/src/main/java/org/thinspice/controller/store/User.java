package org.thinspice.controller.store;

import java.util.List;

/** A person who signs in. {@code passwordHash} is null for users that authenticate at the cloud platform. */
public record User(String username, String passwordHash, String role, String secondFactorKey, List<String> groups) {
    public static final String ADMIN = "admin";
    public static final String USER = "user";

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }
}
