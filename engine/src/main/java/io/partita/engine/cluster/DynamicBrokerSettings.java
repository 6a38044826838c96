package io.partita.engine.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.partita.engine.config.DynamicBrokerConfigs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The dynamic broker settings of the cluster ({@link DynamicBrokerConfigs}): one JSON object of setting names to
 * values per broker under {@code broker-config/<node id>} in {@code partita.cluster}, and the cluster-wide
 * defaults under {@code broker-config/} (Kafka's default broker entity, the empty name), changed by compare-and-set.
 *
 * <p>Reads come from a cache that an entry listener keeps current and that this node's own writes update at once;
 * observers hear of every change, local or remote (on Hazelcast's threads or the writer's). Thread-safe.
 */
final class DynamicBrokerSettings implements AutoCloseable {

    private static final String PREFIX = "broker-config/";

    private final IMap<String, String> cluster;
    private final Runnable afterWrite;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();
    private final List<Runnable> observers = new CopyOnWriteArrayList<>();
    private final UUID listenerId;

    /**
     * @param afterWrite run after each change this node stores (the metadata snapshot)
     */
    DynamicBrokerSettings(IMap<String, String> cluster, Runnable afterWrite) {
        this.cluster = cluster;
        this.afterWrite = afterWrite;
        this.listenerId = cluster.addEntryListener(new Listener(), true);
        cluster.forEach((key, json) -> {
            if (key.startsWith(PREFIX)) cache.put(key.substring(PREFIX.length()), MetadataJson.readStringMap(json));
        });
    }

    /** The settings stored for {@code broker} (a node id, or empty for the cluster-wide defaults). */
    Map<String, String> of(String broker) {
        return cache.getOrDefault(broker, Map.of());
    }

    /**
     * Replaces the settings of {@code broker} with what {@code change} makes of them, after validating the result;
     * returns them. The change may run more than once.
     */
    Map<String, String> alter(String broker, UnaryOperator<Map<String, String>> change, boolean validateOnly) {
        String key = PREFIX + broker;
        while (true) {
            String current = cluster.get(key);
            Map<String, String> before = current == null ? Map.of() : MetadataJson.readStringMap(current);
            Map<String, String> after = change.apply(new HashMap<>(before));
            DynamicBrokerConfigs.validate(after);
            if (validateOnly) return after;
            String json = MetadataJson.write(new TreeMap<>(after));
            boolean stored = current == null ? cluster.putIfAbsent(key, json) == null : cluster.replace(key, current, json);
            if (stored) {
                changed(key, Map.copyOf(after));
                afterWrite.run();
                return after;
            }
        }
    }

    void observe(Runnable observer) {
        observers.add(observer);
    }

    private void changed(String key, Map<String, String> settings) {
        if (!key.startsWith(PREFIX)) return;
        cache.put(key.substring(PREFIX.length()), settings);
        for (Runnable o : observers) o.run();
    }

    @Override
    public void close() {
        try {
            cluster.removeEntryListener(listenerId);
        } catch (RuntimeException e) {
            // Hazelcast may already be shutting down with the host; the listener dies with it.
        }
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            if (event.getKey().startsWith(PREFIX)) changed(event.getKey(), MetadataJson.readStringMap(event.getValue()));
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            entryAdded(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            changed(event.getKey(), Map.of());
        }
    }
}
