package io.partita.engine.cluster;

import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The client quotas of the cluster (Kafka's {@code producer_byte_rate}, {@code consumer_byte_rate}, ... per user,
 * client id, or both, named or the default): one JSON entry per quota entity under {@code cluster/client-quota/} in
 * the metadata store, holding the entity and its quota values, changed by compare-and-set. An entity whose last
 * value is removed is removed. Values are stored as given: the caller validates keys and values.
 *
 * <p>Reads come from a cache that the store's watch keeps current, so every node sees a change within a metadata
 * poll; observers hear of every change, local or remote (on the thread that learnt of it). Thread-safe.
 */
public final class ClientQuotaSettings {

    static final String PREFIX = "cluster/client-quota/";
    /** Stands for the default entity of a type in keys: no URL-encoded name contains '<'. */
    private static final String DEFAULT_NAME = "<default>";

    /** The stored form: an entity's types and names (null: the default) and its quota values. */
    record StoredQuotas(Map<String, String> entity, Map<String, Double> quotas) {
    }

    private final MetadataStore store;
    private final Runnable afterWrite;
    private final Map<ClientQuotaEntity, Map<String, Double>> cache = new ConcurrentHashMap<>();
    private final List<Runnable> observers = new CopyOnWriteArrayList<>();

    /**
     * @param afterWrite run after each change this node stores (the metadata snapshot)
     */
    ClientQuotaSettings(MetadataStore store, Runnable afterWrite) {
        this.store = store;
        this.afterWrite = afterWrite;
        store.watch((key, json) -> {
            if (key.startsWith(PREFIX)) changed(key, json.map(j -> MetadataJson.read(j, StoredQuotas.class)));
        });
        store.cachedEntries(PREFIX).forEach((key, json) -> {
            StoredQuotas stored = MetadataJson.read(json, StoredQuotas.class);
            cache.put(new ClientQuotaEntity(stored.entity()), Map.copyOf(stored.quotas()));
        });
    }

    /** Every entity with quotas, and its values. */
    public Map<ClientQuotaEntity, Map<String, Double>> all() {
        return Map.copyOf(cache);
    }

    /** The values set for exactly {@code entity} (empty when none). */
    public Map<String, Double> of(ClientQuotaEntity entity) {
        return cache.getOrDefault(entity, Map.of());
    }

    /**
     * Sets the values in {@code set} and removes the keys in {@code remove} for {@code entity}; returns the values it
     * has then.
     */
    public Map<String, Double> alter(ClientQuotaEntity entity, Map<String, Double> set, Set<String> remove) {
        String key = PREFIX + keyOf(entity);
        while (true) {
            Optional<String> current = store.read(key);
            Map<String, Double> values = new TreeMap<>(current.map(j -> MetadataJson.read(j, StoredQuotas.class).quotas()).orElse(Map.of()));
            remove.forEach(values::remove);
            values.putAll(set);
            Optional<String> update = values.isEmpty() ? Optional.empty()
                    : Optional.of(MetadataJson.write(new StoredQuotas(new TreeMap<>(entity.entries()), values)));
            if (update.equals(current) || store.compareAndSet(key, current, update)) {
                afterWrite.run();
                return Map.copyOf(values);
            }
        }
    }

    /** Runs {@code observer} after every change of any entity's quotas, local or remote. */
    public void observe(Runnable observer) {
        observers.add(observer);
    }

    /** The entity's types in order, each with its URL-encoded name or {@code <default>}: {@code client-id=c1/user=alice}. */
    private static String keyOf(ClientQuotaEntity entity) {
        return new TreeMap<>(entity.entries()).entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() == null ? DEFAULT_NAME : URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)))
                .collect(Collectors.joining("/"));
    }

    private void changed(String key, Optional<StoredQuotas> now) {
        if (now.isPresent()) {
            cache.put(new ClientQuotaEntity(now.get().entity()), Map.copyOf(now.get().quotas()));
        } else {
            cache.keySet().removeIf(entity -> (PREFIX + keyOf(entity)).equals(key));
        }
        for (Runnable o : observers) o.run();
    }
}
