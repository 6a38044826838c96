package io.partita.web.metrics;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.TopicDescriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the cluster as the node's admin client sees it: topics, partitions, groups. Computed at most once per
 * {@value #MAX_AGE_SECONDS} seconds (two admin requests), however often {@code /metrics} is read. NaN while the node
 * cannot answer. The node's traffic is in {@link NodeTrafficGauges}, group lag in {@link GroupLagGauges}.
 * Thread-safe.
 */
@ApplicationScoped
public class ClusterGauges {

    static final int MAX_AGE_SECONDS = 5;

    @Inject
    MetricRegistry registry;

    @Inject
    NodeClients clients;

    private Recent<Counts> counts;

    /** What the gauges show. */
    private record Counts(int topics, int partitions, int groups) {
    }

    void register(@Observes @Initialized(ApplicationScoped.class) Object application) {
        counts = new Recent<>(this::count, TimeUnit.SECONDS.toNanos(MAX_AGE_SECONDS));
        gauge("partita.topics", "Topics in the cluster, internal ones included", Counts::topics);
        gauge("partita.partitions", "Partitions of all topics", Counts::partitions);
        gauge("partita.groups", "Groups of the cluster", Counts::groups);
    }

    private void gauge(String name, String description, ToDoubleFunction<Counts> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), this, gauges -> {
            try {
                return value.applyAsDouble(gauges.counts.get());
            } catch (RuntimeException nodeUnavailable) {
                return Double.NaN;
            }
        });
    }

    private Counts count() {
        Admin admin = clients.admin();
        Collection<TopicDescription> topics = TopicDescriptions.all(admin).values();
        return new Counts(topics.size(), topics.stream().mapToInt(topic -> topic.partitions().size()).sum(),
                Futures.get(admin.listGroups().all()).size());
    }
}
