package io.partita.engine.cluster;

import io.partita.engine.config.DynamicBrokerConfigs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The dynamic broker settings of the cluster ({@link DynamicBrokerConfigs}): one JSON object of setting names to
 * values per broker under {@code cluster/broker-config/<node id>} in the metadata store, and the cluster-wide
 * defaults under {@code cluster/broker-config/} (Kafka's default broker entity, the empty name), changed by
 * compare-and-set.
 *
 * <p>Reads come from a cache that the store's watch keeps current; observers hear of every change, local or remote
 * (on the thread that learnt of it). Thread-safe.
 */
final class DynamicBrokerSettings {

    static final String PREFIX = "cluster/broker-config/";

    private final MetadataStore store;
    private final Runnable afterWrite;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();
    private final List<Runnable> observers = new CopyOnWriteArrayList<>();

    /**
     * @param afterWrite run after each change this node stores (the metadata snapshot)
     */
    DynamicBrokerSettings(MetadataStore store, Runnable afterWrite) {
        this.store = store;
        this.afterWrite = afterWrite;
        store.watch((key, json) -> {
            if (key.startsWith(PREFIX)) changed(key, json.map(MetadataJson::readStringMap).orElse(Map.of()));
        });
        store.cachedEntries(PREFIX).forEach((key, json) -> cache.put(key.substring(PREFIX.length()), MetadataJson.readStringMap(json)));
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
            Optional<String> current = store.read(key);
            Map<String, String> before = current.map(MetadataJson::readStringMap).orElse(Map.of());
            Map<String, String> after = change.apply(new HashMap<>(before));
            DynamicBrokerConfigs.validate(after);
            if (validateOnly) return after;
            if (store.compareAndSet(key, current, Optional.of(MetadataJson.write(new TreeMap<>(after))))) {
                afterWrite.run();
                return after;
            }
        }
    }

    void observe(Runnable observer) {
        observers.add(observer);
    }

    private void changed(String key, Map<String, String> settings) {
        cache.put(key.substring(PREFIX.length()), Map.copyOf(settings));
        for (Runnable o : observers) o.run();
    }
}
