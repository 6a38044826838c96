package io.partita.engine.log;

import java.io.IOException;

/**
 * A new partition log was not opened: the node already holds as many as {@code max.broker.partitions} allows. It
 * is a refusal, not a fault, and repeats at every reconciliation for as long as the metadata gives the node more
 * replicas than that, so it carries no stack trace.
 */
public final class LogLimitReachedException extends IOException {

    LogLimitReachedException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
