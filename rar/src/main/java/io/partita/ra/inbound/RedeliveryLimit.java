package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterReason;

import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Decides what becomes of a share group's record whose delivery failed: released, for the broker to deliver it again
 * (to any consumer of the group), or given up on, to be rejected and dead-lettered. It is given up on once its
 * delivery count reached the group's delivery count limit (its {@code share.delivery.count.limit}, else the broker's
 * {@code group.share.delivery.count.limit}), for the broker archives a record released at the limit and nothing could
 * dead-letter it then; and at once for a {@code notRetryable} failure. The limit is read at each failure, so a change
 * of the group's config applies from the next one.
 *
 * <p>Immutable; thread-safe if its predicate is.
 */
final class RedeliveryLimit {

    private final IntSupplier deliveryCountLimit;
    private final Predicate<Throwable> retriable;

    /**
     * @param deliveryCountLimit the group's delivery count limit as the broker applies it now
     * @param retriable          false for a failure of a {@code notRetryable} class
     */
    RedeliveryLimit(IntSupplier deliveryCountLimit, Predicate<Throwable> retriable) {
        this.deliveryCountLimit = deliveryCountLimit;
        this.retriable = retriable;
    }

    /**
     * Why a record is given up on whose {@code deliveries}-th delivery failed with {@code failure}; null when it is
     * to be released and delivered again.
     */
    DeadLetterReason givenUpFor(int deliveries, Throwable failure) {
        if (!retriable.test(failure)) return DeadLetterReason.NOT_RETRYABLE;
        return deliveries >= deliveryCountLimit.getAsInt() ? DeadLetterReason.DELIVERY_FAILED : null;
    }
}
