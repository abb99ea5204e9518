package org.thinspice.controller.provider;

/** Who is asking: the user name and the platform state kept for the session (null for local-qemu). */
public record UserContext(String username, String platformState) {
}
