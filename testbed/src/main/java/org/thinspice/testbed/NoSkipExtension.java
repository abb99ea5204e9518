package org.thinspice.testbed;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * A test that cannot run here fails with its reason instead of being skipped: an assumption that does
 * not hold (in a test or in its set-up) becomes a failure. Leaving a group out on purpose is done by tag
 * ({@code ./thinspice test --without GROUP}), which the launcher's summary names.
 */
public final class NoSkipExtension implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw failure(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw failure(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw failure(throwable);
    }

    private static Throwable failure(Throwable t) {
        if (t instanceof TestAbortedException) {
            AssertionError e = new AssertionError("cannot run here (a skipped test would hide it): " + t.getMessage(), t);
            return e;
        }
        return t;
    }
}
