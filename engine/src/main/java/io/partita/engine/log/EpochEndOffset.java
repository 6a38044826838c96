package io.partita.engine.log;

/**
 * Where a leader epoch ends in a log: the epoch found (the largest at most the one asked for) and the first offset
 * after it. Both are -1 when the log knows no such epoch.
 */
public record EpochEndOffset(int epoch, long endOffset) {

    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(LeaderEpochCache.UNDEFINED_EPOCH, LeaderEpochCache.UNDEFINED_OFFSET);

    public boolean isUndefined() {
        return endOffset < 0;
    }
}
