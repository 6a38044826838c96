package io.partita.web.metrics;

import io.partita.ra.api.NodeStats;
import io.partita.web.NodeConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The node's own counters, read through the resource adapter: records and bytes in, bytes out (to consumers and to
 * followers), answered requests and their time per Kafka API (tag {@code api}: {@code Produce}, {@code Fetch},
 * {@code Metadata} ...; a series appears once its API was first requested), and the partitions it leads that are
 * under-replicated, and how long tasks waited for each of the engine's single-thread executors (tag {@code executor}:
 * {@code group coordinator}, {@code metadata} ...; the wait's upper bound by {@code quantile} 0.5 and 0.99, and its
 * maximum), the head-of-line delay of each.
 *
 * <p>The {@code _total} series only grow while the node runs, as Prometheus counters do (take their {@code rate()};
 * mean latency is {@code rate(time) / rate(requests)}). MicroProfile Metrics has counters only for values the
 * application increments itself, so they are gauges over the engine's counters. One scrape asks the node once.
 * NaN while the node is not running. Thread-safe.
 */
@ApplicationScoped
public class NodeTrafficGauges {

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Inject
    MetricRegistry registry;

    @Inject
    NodeConnections connections;

    private Recent<NodeStats> stats;
    private TaggedGauges requests;
    private TaggedGauges requestTime;
    private TaggedGauges executorTasks;
    private TaggedGauges executorWait;
    private TaggedGauges executorWaitMax;

    void register(@Observes @Initialized(ApplicationScoped.class) Object application) {
        stats = new Recent<>(this::read, MAX_AGE_NANOS);
        gauge("partita.produced.records.total", "Records appended by clients' Produce requests to partitions this node leads",
                NodeStats::producedRecords);
        gauge("partita.bytes.in.total", "Bytes of the records appended by clients' Produce requests", NodeStats::bytesIn);
        gauge("partita.bytes.out.total", "Bytes of records sent to consumers", NodeStats::bytesOut);
        gauge("partita.replication.bytes.out.total", "Bytes of records sent to followers",
                NodeStats::replicationBytesOut);
        gauge("partita.under.replicated.partitions",
                "Partitions this node leads whose ISR is smaller than their replica set",
                NodeStats::underReplicatedPartitions);
        requests = new TaggedGauges(registry, Metadata.builder().withName("partita.kafka.requests.total")
                .withDescription("Kafka requests this node answered, by API").build(),
                tags -> perApi(tags, api -> api.count()));
        requestTime = new TaggedGauges(registry, Metadata.builder().withName("partita.kafka.request.time.seconds.total")
                .withDescription("Time the node took for the Kafka requests it answered, by API, from taking each up "
                        + "to writing its answer").build(),
                tags -> perApi(tags, api -> api.totalNanos() / 1e9));
        executorTasks = new TaggedGauges(registry, Metadata.builder().withName("partita.executor.tasks.total")
                .withDescription("Tasks the engine's executor ran, by executor").build(),
                tags -> perExecutor(tags, waits -> waits.tasks()));
        executorWait = new TaggedGauges(registry, Metadata.builder().withName("partita.executor.task.wait.seconds")
                .withDescription("How long tasks waited for the engine's executor to run them, by executor and "
                        + "quantile (an upper bound, from log-2 buckets)").build(),
                tags -> perExecutor(tags, waits -> (tags[1].getTagValue().equals("0.5") ? waits.p50Micros()
                        : waits.p99Micros()) / 1e6));
        executorWaitMax = new TaggedGauges(registry, Metadata.builder().withName("partita.executor.task.wait.max.seconds")
                .withDescription("The longest a task waited for the engine's executor to run it, by executor").build(),
                tags -> perExecutor(tags, waits -> waits.maxMicros() / 1e6));
        current();
    }

    private void gauge(String name, String description, ToDoubleFunction<NodeStats> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), this, gauges -> {
            NodeStats now = gauges.current();
            return now == null ? Double.NaN : value.applyAsDouble(now);
        });
    }

    private double perApi(Tag[] tags, ToDoubleFunction<NodeStats.ApiRequests> value) {
        NodeStats now = current();
        if (now == null) return Double.NaN;
        String api = tags[0].getTagValue();
        return now.requests().stream().filter(r -> r.api().equals(api)).mapToDouble(value).findFirst().orElse(0);
    }

    private double perExecutor(Tag[] tags, ToDoubleFunction<NodeStats.ExecutorWaits> value) {
        NodeStats now = current();
        if (now == null) return Double.NaN;
        String executor = tags[0].getTagValue();
        return now.executorWaits().stream().filter(w -> w.executor().equals(executor)).mapToDouble(value).findFirst()
                .orElse(Double.NaN);
    }

    /** The node's stats of this scrape, the APIs' series registered; null when the node is not running. */
    private NodeStats current() {
        try {
            return stats.get();
        } catch (RuntimeException nodeUnavailable) {
            return null;
        }
    }

    private NodeStats read() {
        try {
            NodeStats now = connections.nodeStats();
            Set<String> apis = now.requests().stream().map(NodeStats.ApiRequests::api).collect(Collectors.toSet());
            requests.keep(series(requests, apis));
            requestTime.keep(series(requestTime, apis));
            Set<String> executors = now.executorWaits().stream().map(NodeStats.ExecutorWaits::executor)
                    .collect(Collectors.toSet());
            executorTasks.keep(executors.stream().map(e -> executorTasks.series(new Tag("executor", e)))
                    .collect(Collectors.toSet()));
            executorWaitMax.keep(executors.stream().map(e -> executorWaitMax.series(new Tag("executor", e)))
                    .collect(Collectors.toSet()));
            executorWait.keep(executors.stream().flatMap(e -> Stream.of("0.5", "0.99").map(q ->
                    executorWait.series(new Tag("executor", e), new Tag("quantile", q)))).collect(Collectors.toSet()));
            return now;
        } catch (ResourceException e) {
            throw new IllegalStateException("The node is not running: " + e.getMessage(), e);
        }
    }

    private static Set<MetricID> series(TaggedGauges gauges, Set<String> apis) {
        return apis.stream().map(api -> gauges.series(new Tag("api", api))).collect(Collectors.toSet());
    }
}
