package io.partita.engine.share;

/**
 * Where a record of a share partition stands. AVAILABLE records may be acquired (again); ACQUIRED ones are locked to
 * one member until it acknowledges them or the lock expires; ACKNOWLEDGED and ARCHIVED ones are done for good.
 */
enum RecordState {
    AVAILABLE, ACQUIRED, ACKNOWLEDGED, ARCHIVED;

    boolean isTerminal() {
        return this == ACKNOWLEDGED || this == ARCHIVED;
    }
}
