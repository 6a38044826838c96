package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterReason;

/**
 * A record's key or value could not be deserialized for a typed (or routed) listener, or no method of a routed
 * listener takes it. No delivery can succeed, since the bytes will not change: the record goes to the dead-letter
 * topic without retries. The cause is the deserializer's, or a {@link NoMatchingMethodException}.
 *
 * <p>{@link #index()} is the record's place in the records of the delivery: 0 for a single record; for a
 * {@link io.partita.ra.api.TypedBatchRecordListener} the records before it were delivered, as a batch of their own.
 */
final class UnreadableRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;
    private final int index;

    UnreadableRecordException(DeadLetterReason reason, RuntimeException cause) {
        this(reason, cause, 0);
    }

    private UnreadableRecordException(DeadLetterReason reason, Throwable cause, int index) {
        super(reason + ": " + cause, cause);
        this.reason = reason;
        this.index = index;
    }

    /** The same failure of the record at {@code index} of a batch. */
    UnreadableRecordException at(int index) {
        return new UnreadableRecordException(reason, getCause(), index);
    }

    DeadLetterReason reason() {
        return reason;
    }

    int index() {
        return index;
    }
}
