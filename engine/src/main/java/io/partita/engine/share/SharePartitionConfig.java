package io.partita.engine.share;

/**
 * The settings a share group's partition works by, its group configs (Kafka's names): {@code
 * share.record.lock.duration.ms} (how long a member holds acquired records), {@code share.delivery.count.limit}
 * (deliveries after which a released or expired record is archived instead of offered again), {@code
 * share.partition.max.record.locks} (how far past the start offset records may be in flight), {@code
 * share.auto.offset.reset} (where the group starts a partition it has no state for) and {@code
 * share.isolation.level} ({@code readCommitted}: only committed records are handed out, up to the last stable
 * offset).
 */
public record SharePartitionConfig(long lockDurationMs, int deliveryCountLimit, int maxRecordLocks,
                                   ShareAutoOffsetReset autoOffsetReset, boolean readCommitted) {

    public static final SharePartitionConfig DEFAULTS = new SharePartitionConfig(30_000, 5, 2000, ShareAutoOffsetReset.LATEST, false);

    public SharePartitionConfig {
        if (lockDurationMs <= 0 || deliveryCountLimit < 1 || maxRecordLocks < 1 || autoOffsetReset == null) {
            throw new IllegalArgumentException("lock " + lockDurationMs + " ms, limit " + deliveryCountLimit
                    + ", locks " + maxRecordLocks);
        }
    }
}
