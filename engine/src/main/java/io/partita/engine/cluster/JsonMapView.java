package io.partita.engine.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A typed, locally cached view of one Hazelcast map whose values are JSON text.
 *
 * <p>Reads never leave the node: they come from a cache that an entry listener keeps up to date, and that this
 * node's own writes update at once (so a node reads its own writes). Writes are compare-and-set on the JSON text
 * ({@link IMap#replace(Object, Object, Object)}), retried on conflict, so concurrent writers on different nodes
 * never lose each other's changes. Thread-safe.
 *
 * @param <T> the value type, a record that {@link MetadataJson} can write and read
 */
final class JsonMapView<T> implements AutoCloseable {

    private final IMap<String, String> map;
    private final Class<T> type;
    private final Map<String, T> cache = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Optional<T>>> observers = new CopyOnWriteArrayList<>();
    private final UUID listenerId;

    JsonMapView(IMap<String, String> map, Class<T> type) {
        this.map = map;
        this.type = type;
        this.listenerId = map.addEntryListener(new Listener(), true);
        map.forEach((k, v) -> cache.put(k, MetadataJson.read(v, type)));
    }

    /** Called with the key and its new value (empty when removed) after every change, local or remote. */
    void observe(BiConsumer<String, Optional<T>> observer) {
        observers.add(observer);
    }

    Optional<T> get(String key) {
        return Optional.ofNullable(cache.get(key));
    }

    Collection<T> values() {
        return cache.values();
    }

    boolean isEmpty() {
        return map.isEmpty();
    }

    /** Stores {@code value} unless the key exists; returns whether it was stored. */
    boolean putIfAbsent(String key, T value) {
        String json = MetadataJson.write(value);
        if (map.putIfAbsent(key, json) != null) return false;
        changed(key, Optional.of(value));
        return true;
    }

    void put(String key, T value) {
        map.set(key, MetadataJson.write(value));
        changed(key, Optional.of(value));
    }

    /**
     * Applies {@code change} to the current value until a compare-and-set succeeds. The change may throw to refuse
     * (the exception passes through unchanged) and must not have side effects: it can run more than once.
     *
     * @return the value stored, or empty when the key does not exist
     */
    Optional<T> update(String key, UnaryOperator<T> change) {
        while (true) {
            String oldJson = map.get(key);
            if (oldJson == null) return Optional.empty();
            T updated = change.apply(MetadataJson.read(oldJson, type));
            String newJson = MetadataJson.write(updated);
            if (newJson.equals(oldJson)) {
                // Nothing to write. Observers hear of it only when our cache was behind: an observer that answers
                // a change with an update (the controller progressing a waiting reassignment) must not loop.
                if (!updated.equals(cache.get(key))) changed(key, Optional.of(updated));
                return Optional.of(updated);
            }
            if (map.replace(key, oldJson, newJson)) {
                changed(key, Optional.of(updated));
                return Optional.of(updated);
            }
        }
    }

    /** Removes the key; returns the value it had. */
    Optional<T> remove(String key) {
        String old = map.remove(key);
        if (old == null) return Optional.empty();
        changed(key, Optional.empty());
        return Optional.of(MetadataJson.read(old, type));
    }

    private void changed(String key, Optional<T> value) {
        value.ifPresentOrElse(v -> cache.put(key, v), () -> cache.remove(key));
        for (BiConsumer<String, Optional<T>> o : observers) o.accept(key, value);
    }

    @Override
    public void close() {
        try {
            map.removeEntryListener(listenerId);
        } catch (RuntimeException e) {
            // Hazelcast may already be shutting down with the host; the listener dies with it.
        }
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            changed(event.getKey(), Optional.of(MetadataJson.read(event.getValue(), type)));
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            changed(event.getKey(), Optional.of(MetadataJson.read(event.getValue(), type)));
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            changed(event.getKey(), Optional.empty());
        }
    }
}
