package org.thinspice.controller;

/** Small waits for the controller's integration tests (X and remote-viewer come from testbed). */
final class Screens {
    private Screens() {
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
