package org.thinspice.engine.hostile;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Collects WARN and ERROR log events of every logger: Netty reports an exception that reached the tail
 * of a pipeline, a failed listener and a ByteBuf leak (paranoid detection) this way, not by throwing.
 */
public final class LogWatch implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;

    public LogWatch() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        appender.setContext(ctx);
        appender.start();
        root.addAppender(appender);
    }

    /** Formatted WARN+ events so far, with the exception class when there is one. */
    public List<String> problems() {
        synchronized (appender) {
            return appender.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName() + ": "
                        + e.getThrowableProxy().getMessage()))
                .toList();
        }
    }

    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
