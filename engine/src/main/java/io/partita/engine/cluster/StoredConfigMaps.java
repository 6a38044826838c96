package io.partita.engine.cluster;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Config overrides of one kind of entity (the dynamic broker settings, per node id and under the empty name for the
 * cluster-wide defaults; the group configs, per group id): one JSON object of config names to values per entity under
 * {@code <prefix><URL-encoded name>} in the metadata store, changed by compare-and-set. An entity left without
 * overrides keeps an empty object.
 *
 * <p>Reads come from a cache that the store's watch keeps current, so every node sees a change within a metadata
 * poll; observers hear of every change, local or remote (on the thread that learnt of it). Thread-safe.
 */
final class StoredConfigMaps {

    private final String prefix;
    private final MetadataStore store;
    private final Runnable afterWrite;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();
    private final List<Runnable> observers = new CopyOnWriteArrayList<>();

    /**
     * @param prefix     the store keys' prefix, ending in {@code /}
     * @param afterWrite run after each change this node stores (the metadata snapshot)
     */
    StoredConfigMaps(String prefix, MetadataStore store, Runnable afterWrite) {
        this.prefix = prefix;
        this.store = store;
        this.afterWrite = afterWrite;
        store.watch((key, json) -> {
            if (key.startsWith(prefix)) changed(key, json.map(MetadataJson::readStringMap).orElse(Map.of()));
        });
        store.cachedEntries(prefix).forEach((key, json) -> cache.put(nameOf(key), MetadataJson.readStringMap(json)));
    }

    /** The overrides stored for entity {@code name} (empty when none). */
    Map<String, String> of(String name) {
        return cache.getOrDefault(name, Map.of());
    }

    /**
     * Replaces the overrides of entity {@code name} with what {@code change} makes of them, after {@code validate}
     * accepted the result (it throws otherwise); returns them. The change may run more than once.
     */
    Map<String, String> alter(String name, UnaryOperator<Map<String, String>> change, Consumer<Map<String, String>> validate,
                              boolean validateOnly) {
        String key = prefix + URLEncoder.encode(name, StandardCharsets.UTF_8);
        while (true) {
            Optional<String> current = store.read(key);
            Map<String, String> before = current.map(MetadataJson::readStringMap).orElse(Map.of());
            Map<String, String> after = change.apply(new HashMap<>(before));
            validate.accept(after);
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

    private String nameOf(String key) {
        return URLDecoder.decode(key.substring(prefix.length()), StandardCharsets.UTF_8);
    }

    private void changed(String key, Map<String, String> settings) {
        cache.put(nameOf(key), Map.copyOf(settings));
        for (Runnable o : observers) o.run();
    }
}
