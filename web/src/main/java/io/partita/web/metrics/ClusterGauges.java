package io.partita.web.metrics;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.TopicDescriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the cluster as the node's admin client sees it, computed at each scrape: topics, partitions, groups.
 * NaN while the node cannot answer. The node's traffic is in {@link NodeTrafficGauges}, group lag in
 * {@link GroupLagGauges}. Stateless.
 */
@ApplicationScoped
public class ClusterGauges {

    @Inject
    MetricRegistry registry;

    @Inject
    NodeClients clients;

    void register(@Observes @Initialized(ApplicationScoped.class) Object application) {
        gauge("partita.topics", "Topics in the cluster, internal ones included", ClusterGauges::topics);
        gauge("partita.partitions", "Partitions of all topics", ClusterGauges::partitions);
        gauge("partita.groups", "Groups of the cluster", ClusterGauges::groups);
    }

    private void gauge(String name, String description, ToDoubleFunction<NodeClients> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), clients, nodeClients -> {
            try {
                return value.applyAsDouble(nodeClients);
            } catch (RuntimeException nodeUnavailable) {
                return Double.NaN;
            }
        });
    }

    private static double topics(NodeClients clients) {
        return TopicDescriptions.all(clients.admin()).size();
    }

    private static double partitions(NodeClients clients) {
        Collection<TopicDescription> topics = TopicDescriptions.all(clients.admin()).values();
        return topics.stream().mapToInt(topic -> topic.partitions().size()).sum();
    }

    private static double groups(NodeClients clients) {
        return Futures.get(clients.admin().listGroups().all()).size();
    }
}
