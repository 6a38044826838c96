package io.partita.web.groups;

import java.util.List;

/**
 * {@code GET /api/groups/{id}} of a share group (KIP-932): its members and, per partition of the topics they are
 * assigned, where the group stands and its records in flight by state. Immutable.
 *
 * @param groupId         the group's id
 * @param type            {@code SHARE}
 * @param state           by Kafka's names (Stable, Empty)
 * @param groupEpoch      the epoch of the group's membership and subscriptions
 * @param assignmentEpoch the group epoch its target assignment was computed at
 * @param coordinatorId   the node coordinating the group
 * @param members         the members and the partitions each is assigned (several may share a partition)
 * @param partitions      every partition of the topics the members are assigned; none while the group has no members
 */
public record ShareGroupDetail(String groupId, String type, String state, int groupEpoch, int assignmentEpoch,
                               int coordinatorId, List<GroupDetail.Member> members, List<SharePartition> partitions) {

    /**
     * Where the group stands in one partition. The offsets and counts are null when the group has no state there
     * yet (it never fetched the partition).
     *
     * @param topic         the topic
     * @param partition     the partition
     * @param startOffset   the share-partition start offset: every record before it is done (accepted, rejected,
     *                      or given up)
     * @param endOffset     the share-partition end offset: no record from it on was delivered yet
     * @param available     records in flight waiting to be delivered (again); when {@code acquired} is null, also
     *                      those members hold now
     * @param acquired      records in flight members hold now; null unless this server's node leads the partition
     *                      (elsewhere the share coordinator's state counts them as available)
     * @param acknowledged  records in flight that were accepted (behind one not yet done)
     * @param archived      records in flight that were rejected or released too often
     * @param highWatermark the partition's high watermark
     * @param undelivered   records between the end offset and the high watermark: never delivered yet
     */
    public record SharePartition(String topic, int partition, Long startOffset, Long endOffset, Long available,
                                 Long acquired, Long acknowledged, Long archived, long highWatermark, Long undelivered) {
    }
}
