package io.partita.engine.share;

/**
 * The settings a share partition works by, Kafka's names: {@code share.record.lock.duration.ms} (how long a member
 * holds acquired records), {@code share.delivery.count.limit} (deliveries after which a released or expired record
 * is archived instead of offered again) and {@code group.share.partition.max.record.locks} (how far past the start
 * offset records may be in flight).
 */
public record SharePartitionConfig(long lockDurationMs, int deliveryCountLimit, int maxRecordLocks) {

    public static final SharePartitionConfig DEFAULTS = new SharePartitionConfig(30_000, 5, 2000);

    public SharePartitionConfig {
        if (lockDurationMs <= 0 || deliveryCountLimit < 1 || maxRecordLocks < 1) {
            throw new IllegalArgumentException("lock " + lockDurationMs + " ms, limit " + deliveryCountLimit
                    + ", locks " + maxRecordLocks);
        }
    }
}
