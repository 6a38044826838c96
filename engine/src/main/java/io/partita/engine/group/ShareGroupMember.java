package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One member of a share group: its subscription and the assignment it was last told with its epoch.
 *
 * <p>Invariant: its {@link CurrentAssignment} is STABLE with nothing pending (a share assignment needs no revocation),
 * and its partitions are what the member was told at its epoch.
 *
 * <p>Not thread-safe: confined to the coordinator's thread, as its {@link ShareGroup}.
 */
final class ShareGroupMember {

    final String memberId;
    String rackId;
    String clientId;
    String clientHost;
    List<String> topicNames = List.of();
    CurrentAssignment assignment = CurrentAssignment.NONE;

    /** Counts session restarts, so that a timer that fires after a restart knows it is stale. */
    long sessionEpoch;
    ScheduledFuture<?> sessionTimer;

    ShareGroupMember(String memberId) {
        this.memberId = memberId;
    }

    static ShareGroupMember restore(StoredShareGroup.Member stored) {
        ShareGroupMember m = new ShareGroupMember(stored.memberId());
        m.rackId = stored.rackId();
        m.clientId = stored.clientId();
        m.clientHost = stored.clientHost();
        m.topicNames = stored.topicNames();
        m.assignment = new CurrentAssignment(stored.memberEpoch(), stored.previousMemberEpoch(),
                ConsumerGroupMember.State.STABLE, stored.assigned(), Set.of());
        return m;
    }

    StoredShareGroup.Member stored(Set<TopicPartition> target) {
        return new StoredShareGroup.Member(memberId, rackId, clientId, clientHost, topicNames, assignment.memberEpoch(),
                assignment.previousMemberEpoch(), assignment.assigned(), target);
    }

    ShareGroupDescription.Member described() {
        return new ShareGroupDescription.Member(memberId, rackId, assignment.memberEpoch(), clientId, clientHost,
                topicNames, assignment.assigned());
    }

    void cancelSession() {
        if (sessionTimer != null) {
            sessionTimer.cancel(false);
            sessionTimer = null;
        }
    }
}
