package io.partita.engine.sharestate;

/**
 * The delivery state of a run of offsets of a share partition, as WriteShareGroupState carries it.
 *
 * @param firstOffset   the first offset of the run
 * @param lastOffset    the last offset of the run, inclusive
 * @param deliveryState {@link #AVAILABLE}, {@link #ACKNOWLEDGED} or {@link #ARCHIVED} (acquired records are written
 *                      as available: a lock does not outlive its leader)
 * @param deliveryCount how often the offsets were delivered
 */
public record StateBatch(long firstOffset, long lastOffset, byte deliveryState, short deliveryCount) {

    public static final byte AVAILABLE = 0;
    public static final byte ACKNOWLEDGED = 2;
    public static final byte ARCHIVED = 4;

    /** @throws IllegalArgumentException for an empty or negative run, an unknown state or a negative count */
    public StateBatch {
        if (firstOffset < 0 || lastOffset < firstOffset) {
            throw new IllegalArgumentException("state batch " + firstOffset + "-" + lastOffset + " is not a run of offsets");
        }
        if (deliveryState != AVAILABLE && deliveryState != ACKNOWLEDGED && deliveryState != ARCHIVED) {
            throw new IllegalArgumentException("state batch " + firstOffset + "-" + lastOffset + " has delivery state "
                    + deliveryState + " (0, 2 or 4 expected)");
        }
        if (deliveryCount < 0) {
            throw new IllegalArgumentException("state batch " + firstOffset + "-" + lastOffset + " has delivery count " + deliveryCount);
        }
    }

    /** The same state over {@code first..last}, a part of this run. */
    StateBatch slice(long first, long last) {
        return new StateBatch(first, last, deliveryState, deliveryCount);
    }

    /** Whether {@code next} continues this run with the same state and count, so that both are one run. */
    boolean joins(StateBatch next) {
        return lastOffset + 1 == next.firstOffset && deliveryState == next.deliveryState && deliveryCount == next.deliveryCount;
    }
}
