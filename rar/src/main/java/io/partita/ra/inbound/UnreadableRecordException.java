package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterReason;

/**
 * A record's key or value could not be deserialized for a typed (or routed) listener, or no method of a routed
 * listener takes it. No delivery can succeed, since the bytes will not change: the record goes to the dead-letter
 * topic without retries. The cause is the deserializer's, or a {@link NoMatchingMethodException}.
 */
final class UnreadableRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    UnreadableRecordException(DeadLetterReason reason, RuntimeException cause) {
        super(reason + ": " + cause, cause);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
