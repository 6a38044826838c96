package io.partita.engine.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A typed view of the metadata store's entries under one key prefix, whose values are JSON text.
 *
 * <p>Reads never leave the node: they come from a cache of parsed values that the store's watch keeps current
 * (this node's own writes at once, others' as the store learns of them). Writes are compare-and-set on the text,
 * retried on conflict, so concurrent writers on different nodes never lose each other's changes. Thread-safe.
 *
 * @param <T> the value type, a record that {@link MetadataJson} can write and read
 */
public final class JsonView<T> {

    private final MetadataStore store;
    private final String prefix;
    private final Class<T> type;
    private final Map<String, T> cache = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Optional<T>>> observers = new CopyOnWriteArrayList<>();

    public JsonView(MetadataStore store, String prefix, Class<T> type) {
        this.store = store;
        this.prefix = prefix;
        this.type = type;
        store.watch((key, value) -> {
            if (key.startsWith(prefix)) changed(key.substring(prefix.length()), value.map(json -> MetadataJson.read(json, type)));
        });
        store.cachedEntries(prefix).forEach((key, json) -> cache.put(key.substring(prefix.length()), MetadataJson.read(json, type)));
    }

    /** Called with the key and its new value (empty when removed) after every change, local or remote. */
    public void observe(BiConsumer<String, Optional<T>> observer) {
        observers.add(observer);
    }

    public Optional<T> get(String key) {
        return Optional.ofNullable(cache.get(key));
    }

    public Collection<T> values() {
        return cache.values();
    }

    /** Stores {@code value} unless the key exists; returns whether it was stored. */
    public boolean putIfAbsent(String key, T value) {
        return store.compareAndSet(prefix + key, Optional.empty(), Optional.of(MetadataJson.write(value)));
    }

    /** Stores {@code value} whatever the key held. */
    public void put(String key, T value) {
        String json = MetadataJson.write(value);
        while (true) {
            Optional<String> current = store.read(prefix + key);
            if (current.equals(Optional.of(json)) || store.compareAndSet(prefix + key, current, Optional.of(json))) return;
        }
    }

    /**
     * Applies {@code change} to the current value until a compare-and-set succeeds. The change may throw to refuse
     * (the exception passes through unchanged) and must not have side effects: it can run more than once.
     *
     * @return the value stored, or empty when the key does not exist
     */
    public Optional<T> update(String key, UnaryOperator<T> change) {
        while (true) {
            Optional<String> oldJson = store.read(prefix + key);
            if (oldJson.isEmpty()) return Optional.empty();
            T updated = change.apply(MetadataJson.read(oldJson.get(), type));
            String newJson = MetadataJson.write(updated);
            // An unchanged value writes nothing; the read above already brought the cache up to date.
            if (newJson.equals(oldJson.get())) return Optional.of(updated);
            if (store.compareAndSet(prefix + key, oldJson, Optional.of(newJson))) return Optional.of(updated);
        }
    }

    /** Removes the key; returns the value it had. */
    public Optional<T> remove(String key) {
        while (true) {
            Optional<String> old = store.read(prefix + key);
            if (old.isEmpty()) return Optional.empty();
            if (store.compareAndSet(prefix + key, old, Optional.empty())) return Optional.of(MetadataJson.read(old.get(), type));
        }
    }

    /** Removes the key if it still holds {@code value}. */
    public void removeIf(String key, T value) {
        store.compareAndSet(prefix + key, Optional.of(MetadataJson.write(value)), Optional.empty());
    }

    private void changed(String key, Optional<T> value) {
        value.ifPresentOrElse(v -> cache.put(key, v), () -> cache.remove(key));
        for (BiConsumer<String, Optional<T>> o : observers) o.accept(key, value);
    }
}
