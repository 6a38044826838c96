package io.partita.engine.protocol;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the group handlers read from a request's connection, and how they write an assignment. */
final class GroupRequests {

    /** Writes one topic's partitions of an assignment as a response's element. */
    @FunctionalInterface
    interface TopicPartitionsWriter<T> {
        T write(Uuid topicId, String topicName, List<Integer> partitions);
    }

    private GroupRequests() {
    }

    /** The client id of the request header; empty when the client sent none. */
    static String clientId(RequestContext context) {
        String clientId = context.clientId();
        return clientId == null ? "" : clientId;
    }

    /** The client's address as Kafka shows it in DescribeGroups ({@code /127.0.0.1}). */
    static String clientHost(RequestContext context) {
        return context.clientAddress == null ? "" : context.clientAddress.toString();
    }

    /**
     * An assignment as the heartbeat and describe responses of server-assigned groups carry it: one element per topic,
     * in name order, its partitions sorted; topics deleted meanwhile (no id any more) are left out.
     */
    static <T> List<T> byTopic(Set<TopicPartition> assignment, GroupTopics topics, TopicPartitionsWriter<T> writer) {
        Map<String, List<Integer>> byName = new TreeMap<>();
        assignment.forEach(tp -> byName.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<T> written = new ArrayList<>(byName.size());
        byName.forEach((name, partitions) -> {
            Uuid id = topics.id(name);
            if (id != null) {
                written.add(writer.write(id, name, partitions.stream().sorted().toList()));
            }
        });
        return written;
    }
}
