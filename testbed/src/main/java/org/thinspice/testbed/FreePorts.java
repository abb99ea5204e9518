package org.thinspice.testbed;

/** Picks TCP ports that are free on 127.0.0.1 (bind to port 0, read, close). Racy by nature; callers retry. */
public final class FreePorts {
    private FreePorts() {
    }

    /** One free loopback port. */
    public static int pick() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code n} distinct free loopback ports. */
    public static int[] pick(int n) {
        throw new UnsupportedOperationException("skeleton");
    }
}
