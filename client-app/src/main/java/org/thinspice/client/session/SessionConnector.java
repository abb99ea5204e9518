package org.thinspice.client.session;

import java.util.concurrent.CompletableFuture;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;

/** Opens an engine session; tests put a scripted one in its place. */
@FunctionalInterface
public interface SessionConnector {
    SessionConnector ENGINE = (options, listener) -> SpiceSession.connect(options, listener).thenApply(SessionHandle::of);

    CompletableFuture<SessionHandle> connect(SpiceConnectOptions options, SpiceListener listener);
}
