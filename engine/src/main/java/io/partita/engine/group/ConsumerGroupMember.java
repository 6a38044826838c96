package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One member of a consumer-protocol group: its subscription, where it stands in reconciling its partitions with its
 * target assignment ({@link CurrentAssignment}, which {@link CurrentAssignmentBuilder} moves on) and its timers.
 *
 * <p>Invariant: a partition its assignment owns (assigned or pending revocation) is owned by no other member.
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

    CurrentAssignment assignment = CurrentAssignment.NONE;

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
        assignment = new CurrentAssignment(stored.memberEpoch(), stored.previousMemberEpoch(),
                State.values()[stored.state()], stored.assigned(), stored.pendingRevocation());
    }

    StoredConsumerGroup.Member stored(Set<TopicPartition> target) {
        return new StoredConsumerGroup.Member(memberId, instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                topicNames, topicRegex, regexTopics, serverAssignor, assignment.memberEpoch(),
                assignment.previousMemberEpoch(), assignment.state().ordinal(), assignment.assigned(),
                assignment.pendingRevocation(), target);
    }

    /**
     * Applies what the heartbeat changes and resolves the member's regex among {@code topics}; true when the
     * member's subscription, or what its regex resolves to, changed.
     */
    boolean update(ConsumerHeartbeat request, Collection<String> topics, Predicate<String> describable) {
        clientId = request.clientId();
        clientHost = request.clientHost();
        if (request.rackId() != null) {
            rackId = request.rackId().isEmpty() ? null : request.rackId();
        }
        if (request.rebalanceTimeoutMs() >= 0) {
            rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        }
        if (request.serverAssignor() != null) {
            serverAssignor = request.serverAssignor().isEmpty() ? null : request.serverAssignor();
        }
        boolean changed = false;
        if (request.subscribedTopicNames() != null) {
            List<String> names = request.subscribedTopicNames().stream().sorted().distinct().toList();
            changed = !names.equals(topicNames);
            topicNames = names;
        }
        if (request.subscribedTopicRegex() != null) {
            String regex = request.subscribedTopicRegex().isEmpty() ? null : request.subscribedTopicRegex();
            changed |= !Objects.equals(regex, topicRegex);
            topicRegex = regex;
        }
        // As Kafka's, a regex never resolves to a topic the member may not describe: it is not assigned it.
        Set<String> resolved = topicRegex == null ? Set.of() : regexMatches(topicRegex, topics, describable);
        changed |= !resolved.equals(regexTopics);
        regexTopics = resolved;
        return changed;
    }

    /** The existing topics (those {@code topics} counts) the member subscribes to: by name, and through its regex. */
    Set<String> subscribedTopics(Map<String, Integer> topics) {
        Set<String> resolved = new TreeSet<>();
        topicNames.stream().filter(topics::containsKey).forEach(resolved::add);
        regexTopics.stream().filter(topics::containsKey).forEach(resolved::add);
        return resolved;
    }

    ConsumerGroupDescription.Member described(Set<TopicPartition> target) {
        return new ConsumerGroupDescription.Member(memberId, instanceId, rackId, assignment.memberEpoch(), clientId,
                clientHost, topicNames, topicRegex, assignment.assigned(), target);
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
