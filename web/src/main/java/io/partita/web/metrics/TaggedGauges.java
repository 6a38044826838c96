package io.partita.web.metrics;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * One gauge name whose series (tag sets) come and go with what they measure (a Kafka API first requested, a group
 * created or deleted): {@link #keep} registers the series not registered yet and removes the ones no longer
 * there. MicroProfile Metrics registers gauges one series at a time, so this is how a family of them follows the
 * node. Thread-safe.
 */
final class TaggedGauges {

    private final MetricRegistry registry;
    private final Metadata metadata;
    private final Function<Tag[], Number> value;
    private final Set<MetricID> registered = new HashSet<>();

    /** @param value what the series of the given tags measures now (NaN when unknown) */
    TaggedGauges(MetricRegistry registry, Metadata metadata, Function<Tag[], Number> value) {
        this.registry = registry;
        this.metadata = metadata;
        this.value = value;
    }

    /** Makes the registered series exactly {@code series}. */
    synchronized void keep(Set<MetricID> series) {
        for (MetricID id : Set.copyOf(registered)) {
            if (!series.contains(id)) {
                registry.remove(id);
                registered.remove(id);
            }
        }
        for (MetricID id : series) {
            if (registered.add(id)) {
                Tag[] tags = id.getTagsAsArray();
                registry.gauge(metadata, tags, t -> value.apply(t), tags);
            }
        }
    }

    /** The id of this gauge's series with {@code tags}. */
    MetricID series(Tag... tags) {
        return new MetricID(metadata.getName(), tags);
    }
}
