package io.partita.engine.share;

/**
 * The offsets one record batch of the log covers, as a share fetch read it: {@code control} for a transaction
 * marker's batch, which no consumer is given.
 */
public record BatchSpan(long baseOffset, long lastOffset, boolean control) {

    public BatchSpan {
        if (lastOffset < baseOffset) throw new IllegalArgumentException("batch " + baseOffset + ".." + lastOffset);
    }
}
