package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * Topic names unique to one test (so tests never see each other's data, even on a long-lived external broker) and
 * topic creation that returns only once every partition has a leader. Stateless.
 */
final class Topics {

    private Topics() {
    }

    static String uniqueName(String hint) {
        return "it-" + hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a uniquely named topic with replication factor 1 and waits until it can be used; returns its name. */
    static String create(Admin admin, String hint, int partitions, Map<String, String> configs) {
        String name = uniqueName(hint);
        try {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.of((short) 1)).configs(configs)))
                    .all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating topic " + name, e.getCause());
        }
        await("leaders of " + name).atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> hasLeaders(admin.describeTopics(List.of(name)).allTopicNames().get().get(name), partitions));
        return name;
    }

    static String create(Admin admin, String hint, int partitions) {
        return create(admin, hint, partitions, Map.of());
    }

    private static boolean hasLeaders(TopicDescription topic, int partitions) {
        return topic.partitions().size() == partitions
                && topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }
}
