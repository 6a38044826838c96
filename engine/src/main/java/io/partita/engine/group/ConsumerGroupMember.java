package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One member of a consumer-protocol group: its subscription and where it stands in reconciling its partitions with
 * its target assignment.
 *
 * <p>Invariants: {@code assigned} and {@code pendingRevocation} are disjoint; {@code pendingRevocation} is empty
 * unless the state is {@link State#UNREVOKED_PARTITIONS}; in that state the member epoch is still the one of the
 * assignment the member is revoking from. A partition in either set is owned by this member and by no other.
 *
 * <p>Not thread-safe: confined to the coordinator's thread, as its {@link ConsumerGroup}.
 */
final class ConsumerGroupMember {

    /** Where the member is in reaching its target assignment. */
    enum State {
        /** Owns exactly what it was last given; its epoch is current or it waits for the next target. */
        STABLE,
        /** Must first give up {@code pendingRevocation}; gets its next epoch once its heartbeat shows it did. */
        UNREVOKED_PARTITIONS,
        /** Has its new epoch but waits for partitions other members still own. */
        UNRELEASED_PARTITIONS
    }

    final String memberId;
    final String instanceId;
    String rackId;
    String clientId;
    String clientHost;
    int rebalanceTimeoutMs;
    List<String> topicNames = List.of();
    /** Null when the member subscribes by names only. */
    String topicRegex;
    /** The topics {@code topicRegex} resolved to at the member's latest heartbeat; empty without a regex. */
    Set<String> regexTopics = Set.of();
    /** Null when the member leaves the choice to the coordinator. */
    String serverAssignor;

    int memberEpoch;
    int previousMemberEpoch;
    State state = State.STABLE;
    Set<TopicPartition> assigned = Set.of();
    Set<TopicPartition> pendingRevocation = Set.of();

    /** Counts session restarts, so that a timer that fires after a restart knows it is stale. */
    long sessionEpoch;
    ScheduledFuture<?> sessionTimer;
    ScheduledFuture<?> revocationTimer;

    ConsumerGroupMember(String memberId, String instanceId) {
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    /** A member restored from the store, or a static member taking over another's place under a new id. */
    static ConsumerGroupMember restore(StoredConsumerGroup.Member stored) {
        ConsumerGroupMember m = new ConsumerGroupMember(stored.memberId(), stored.instanceId());
        m.copyFrom(stored);
        return m;
    }

    void copyFrom(StoredConsumerGroup.Member stored) {
        rackId = stored.rackId();
        clientId = stored.clientId();
        clientHost = stored.clientHost();
        rebalanceTimeoutMs = stored.rebalanceTimeoutMs();
        topicNames = stored.topicNames();
        topicRegex = stored.topicRegex();
        regexTopics = stored.regexTopics();
        serverAssignor = stored.serverAssignor();
        memberEpoch = stored.memberEpoch();
        previousMemberEpoch = stored.previousMemberEpoch();
        state = State.values()[stored.state()];
        assigned = stored.assigned();
        pendingRevocation = stored.pendingRevocation();
    }

    StoredConsumerGroup.Member stored(Set<TopicPartition> target) {
        return new StoredConsumerGroup.Member(memberId, instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                topicNames, topicRegex, regexTopics, serverAssignor, memberEpoch, previousMemberEpoch, state.ordinal(), assigned,
                pendingRevocation, target);
    }

    /** The topics among {@code topics} that {@code regex} matches whole and {@code allowed} accepts; never internal ones. */
    static Set<String> regexMatches(String regex, Collection<String> topics, Predicate<String> allowed) {
        Pattern pattern = Pattern.compile(regex);
        Set<String> matches = new TreeSet<>();
        for (String topic : topics) {
            if (!Topic.isInternal(topic) && pattern.matcher(topic).matches() && allowed.test(topic)) matches.add(topic);
        }
        return Set.copyOf(matches);
    }

    boolean isStatic() {
        return instanceId != null;
    }

    void cancelTimers() {
        if (sessionTimer != null) {
            sessionTimer.cancel(false);
            sessionTimer = null;
        }
        cancelRevocationTimer();
    }

    void cancelRevocationTimer() {
        if (revocationTimer != null) {
            revocationTimer.cancel(false);
            revocationTimer = null;
        }
    }
}
