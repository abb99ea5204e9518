package org.thinspice.controller.provider;

import java.util.List;

/**
 * The outcome of a platform sign-in: either done ({@code state} is what later calls need, kept
 * server-side) or waiting for a second factor ({@code pendingState} plus the methods offered).
 */
public record PlatformLogin(String state, String pendingState, List<String> secondFactorMethods) {
    public static PlatformLogin done(String state) {
        return new PlatformLogin(state, null, List.of());
    }

    public static PlatformLogin needSecondFactor(String pendingState, List<String> methods) {
        return new PlatformLogin(null, pendingState, methods);
    }

    public boolean needsSecondFactor() {
        return pendingState != null;
    }
}
