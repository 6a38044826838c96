package io.partita.web.groups;

import java.util.List;

/**
 * The answer of {@code POST /api/groups/{id}/offsets}: per partition where the group's committed offset stands and
 * where the reset moves it; applied unless {@code dryRun}. Immutable.
 *
 * @param groupId        the group
 * @param applied        whether the new offsets were committed (false for {@code ?dryRun=true})
 * @param partitions     by topic and partition
 * @param totalLagBefore the sum of the lags of these partitions before (partitions without a committed offset count 0)
 * @param totalLagAfter  the sum of their lags after
 * @param note           how new offsets are bounded
 */
public record OffsetResetPreview(String groupId, boolean applied, List<PartitionReset> partitions, long totalLagBefore,
                                 long totalLagAfter, String note) {

    static final String CLAMPED = "New offsets are clamped to [log start, log end] of each partition, as "
            + "kafka-consumer-groups.sh --reset-offsets does.";

    /**
     * One partition's reset.
     *
     * @param topic            the topic
     * @param partition        the partition
     * @param currentOffset    the group's committed offset now, null when none
     * @param requestedOffset  where the request asked to move it, before clamping
     * @param newOffset        where it moves: the requested offset clamped to [log start, log end]
     * @param logStartOffset   the partition's log start offset
     * @param logEndOffset     the partition's log end offset (high watermark)
     * @param lagBefore        log end minus the committed offset, null when none is committed (lag is measured
     *                         against the last stable offset, as on the group's page)
     * @param lagAfter         log end minus the new offset
     */
    public record PartitionReset(String topic, int partition, Long currentOffset, long requestedOffset, long newOffset,
                                 long logStartOffset, long logEndOffset, Long lagBefore, long lagAfter) {
    }
}
