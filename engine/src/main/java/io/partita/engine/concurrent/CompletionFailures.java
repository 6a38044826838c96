package io.partita.engine.concurrent;

import java.util.concurrent.CompletionException;

/** How the failure of a {@link java.util.concurrent.CompletableFuture} stage is read. Stateless. */
public final class CompletionFailures {

    private CompletionFailures() {
    }

    /**
     * The failure itself: a dependent stage sees its source's failure wrapped in a {@link CompletionException}, and
     * what it means (an error code, a retry) is the wrapped one's.
     */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
