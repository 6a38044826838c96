package io.partita.web.metrics;

import io.partita.ra.host.ActivationStatus;
import io.partita.web.NodeConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The message-driven beans' activations on this node, read through the resource adapter, one series per activation
 * (tag {@code activation}, the container's activation name, which names the bean): records delivered, failed,
 * retried and dead-lettered, listener calls and their time, lag; and {@code partita_activations_not_ready}, always
 * there (NaN while the adapter cannot be reached). An activation's series appear with the first scrape after it started and go when it stops.
 *
 * <p>The {@code _total} series only grow while the activation runs (they restart from zero when the bean is
 * deployed again): take their {@code rate()}; a listener call's mean time is {@code rate(time) / rate(calls)}. They
 * are gauges over the adapter's counts, as the node's traffic gauges are. One scrape asks the adapter once.
 * Thread-safe.
 */
@ApplicationScoped
public class ActivationGauges {

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Inject
    MetricRegistry registry;

    @Inject
    NodeConnections connections;

    private Recent<Map<String, ActivationStatus>> activations;
    private List<TaggedGauges> perActivation;

    void register(@Observes @Initialized(ApplicationScoped.class) Object application) {
        activations = new Recent<>(this::read, MAX_AGE_NANOS);
        perActivation = List.of(
                family("partita.activation.records.delivered.total",
                        "Records a message-driven bean took (its listener call returned)",
                        ActivationStatus::recordsDelivered),
                family("partita.activation.records.failed.total",
                        "Records of a message-driven bean's listener calls that failed", ActivationStatus::recordsFailed),
                family("partita.activation.records.retried.total",
                        "Records delivered again to a message-driven bean after a failed call",
                        ActivationStatus::recordsRetried),
                family("partita.activation.records.dead.lettered.total",
                        "Records of a message-driven bean sent to its dead-letter topic",
                        ActivationStatus::recordsDeadLettered),
                family("partita.activation.listener.calls.total", "Calls of a message-driven bean's listener method",
                        ActivationStatus::listenerCalls),
                family("partita.activation.listener.time.seconds.total",
                        "Time of a message-driven bean's listener calls together",
                        activation -> activation.listenerNanos() / 1e9),
                family("partita.activation.lag",
                        "Records after the positions of a message-driven bean's consumers, as of their latest polls",
                        ActivationStatus::lag));
        registry.gauge(Metadata.builder().withName("partita.activations.not.ready")
                .withDescription("Activations of message-driven beans on this node whose readiness is DOWN").build(),
                this, gauges -> {
                    Map<String, ActivationStatus> now = gauges.current();
                    return now == null ? Double.NaN : now.values().stream().filter(a -> !a.ready()).count();
                });
    }

    private TaggedGauges family(String name, String description, ToDoubleFunction<ActivationStatus> value) {
        return new TaggedGauges(registry, Metadata.builder().withName(name).withDescription(description).build(),
                tags -> {
                    Map<String, ActivationStatus> now = current();
                    ActivationStatus activation = now == null ? null : now.get(tags[0].getTagValue());
                    return activation == null ? Double.NaN : value.applyAsDouble(activation);
                });
    }

    /** The activations of this scrape, their series registered; null when the adapter cannot be reached. */
    private Map<String, ActivationStatus> current() {
        try {
            return activations.get();
        } catch (RuntimeException adapterUnavailable) {
            return null;
        }
    }

    private Map<String, ActivationStatus> read() {
        Map<String, ActivationStatus> now = connections.activations().stream()
                .collect(Collectors.toMap(ActivationStatus::name, activation -> activation));
        for (TaggedGauges family : perActivation) {
            family.keep(now.keySet().stream().map(name -> family.series(new Tag("activation", name)))
                    .collect(Collectors.toSet()));
        }
        return now;
    }
}
