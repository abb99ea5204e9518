package org.thinspice.client.core;

/** A resource-bundle key with its arguments: what a view model says, translated by the view. */
public record Message(String key, Object... args) {
    public static Message of(String key, Object... args) {
        return new Message(key, args);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.key.equals(key) && java.util.Arrays.equals(m.args, args);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + java.util.Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return key + java.util.Arrays.toString(args);
    }
}
