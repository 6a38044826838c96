package io.partita.engine.share;

import io.partita.engine.sharestate.StateBatch;

/**
 * Where a record of a share partition stands. AVAILABLE records may be acquired (again); ACQUIRED ones are locked to
 * one member until it acknowledges them or the lock expires; ACKNOWLEDGED and ARCHIVED ones are done for good.
 */
enum RecordState {
    AVAILABLE, ACQUIRED, ACKNOWLEDGED, ARCHIVED;

    /** The state a durable {@link StateBatch} holds; an acquisition is not kept there. */
    byte durable() {
        return switch (this) {
            case AVAILABLE, ACQUIRED -> StateBatch.AVAILABLE;
            case ACKNOWLEDGED -> StateBatch.ACKNOWLEDGED;
            case ARCHIVED -> StateBatch.ARCHIVED;
        };
    }

    /** The state of a durable {@link StateBatch}'s offsets. */
    static RecordState of(byte durable) {
        return switch (durable) {
            case StateBatch.AVAILABLE -> AVAILABLE;
            case StateBatch.ACKNOWLEDGED -> ACKNOWLEDGED;
            case StateBatch.ARCHIVED -> ARCHIVED;
            default -> throw new IllegalArgumentException("delivery state " + durable);
        };
    }

    boolean isTerminal() {
        return this == ACKNOWLEDGED || this == ARCHIVED;
    }
}
