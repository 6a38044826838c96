package io.partita.engine.share;

/**
 * The offsets one record batch of the log covers, as a share fetch read it: {@code withheld} for a batch no consumer
 * is given, a transaction marker's or (for a read_committed group) an aborted transaction's.
 */
public record BatchSpan(long baseOffset, long lastOffset, boolean withheld) {

    public BatchSpan {
        if (lastOffset < baseOffset) throw new IllegalArgumentException("batch " + baseOffset + ".." + lastOffset);
    }
}
