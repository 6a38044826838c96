package io.partita.web.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.Collection;
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

    public static TopicDescription one(Admin admin, String topic) {
        return of(admin, Set.of(topic)).get(topic);
    }

    private static Map<String, TopicDescription> of(Admin admin, Collection<String> topics) {
        if (topics.isEmpty()) return Map.of();
        return Futures.get(admin.describeTopics(topics).allTopicNames());
    }
}
