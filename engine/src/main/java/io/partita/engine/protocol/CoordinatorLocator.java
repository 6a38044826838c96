package io.partita.engine.protocol;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Names the broker that coordinates a key (a group id, a transactional id), deciding it when nobody does yet;
 * empty when no broker can now. Safe to call from any thread.
 */
@FunctionalInterface
public interface CoordinatorLocator {

    CompletableFuture<OptionalInt> coordinatorOf(String key);
}
