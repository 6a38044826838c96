package io.partita.systemtests;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/** Waiting for a condition with a bound counted from an earlier moment (a fault's start or heal). Stateless. */
final class Deadlines {

    private Deadlines() {
    }

    /** Polls {@code condition} every 500 ms until it holds or {@code limit} after {@code since} passed. */
    static boolean awaitUntil(long since, Duration limit, BooleanSupplier condition) {
        long remaining = limit.toNanos() - (System.nanoTime() - since);
        if (condition.getAsBoolean()) return true;
        if (remaining <= 0) return false;
        try {
            await().atMost(Duration.ofNanos(remaining)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
