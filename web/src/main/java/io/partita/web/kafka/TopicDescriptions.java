package io.partita.web.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Describes topics through the node's admin client: one topic, or all of them (internal ones included). */
public final class TopicDescriptions {

    private TopicDescriptions() {
    }

    public static Map<String, TopicDescription> all(Admin admin) {
        Set<String> names = Futures.get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        return of(admin, names);
    }

    /** The topic; Kafka's UNKNOWN_TOPIC_OR_PARTITION, saying which topic, when there is none of that name. */
    public static TopicDescription one(Admin admin, String topic) {
        try {
            return of(admin, Set.of(topic)).get(topic);
        } catch (UnknownTopicOrPartitionException e) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic + "' does not exist", e);
        }
    }

    /** Those of the topics that exist (one deleted meanwhile is left out), by name. */
    public static Map<String, TopicDescription> existing(Admin admin, Collection<String> topics) {
        if (topics.isEmpty()) return Map.of();
        Map<String, TopicDescription> found = new HashMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((name, answer) -> {
            try {
                found.put(name, Futures.get(answer));
            } catch (UnknownTopicOrPartitionException deleted) {
                // gone since it was named
            }
        });
        return found;
    }

    private static Map<String, TopicDescription> of(Admin admin, Collection<String> topics) {
        if (topics.isEmpty()) return Map.of();
        return Futures.get(admin.describeTopics(topics).allTopicNames());
    }
}
