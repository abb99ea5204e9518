package org.thinspice.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

/** Helpers for {@link SpiceListener}s. */
public final class SpiceListeners {
    private SpiceListeners() {
    }

    /**
     * One listener that hands every event to each of {@code listeners} in order. It forwards methods
     * added to the interface later without change, so statistics, logging and an application's own
     * listener can be combined freely.
     */
    public static SpiceListener tee(SpiceListener... listeners) {
        List<SpiceListener> all = List.of(listeners);
        return (SpiceListener) Proxy.newProxyInstance(SpiceListener.class.getClassLoader(),
                new Class<?>[] {SpiceListener.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "SpiceListeners.tee" + all;
                        };
                    }
                    for (SpiceListener l : all) {
                        try {
                            method.invoke(l, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                    return null;
                });
    }
}
