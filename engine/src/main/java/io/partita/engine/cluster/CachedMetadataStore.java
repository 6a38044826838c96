package io.partita.engine.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The local cache and the watchers every metadata store has: every value a store observes goes through
 * {@link #observed}, and watchers hear of it only when it differs from the cache.
 *
 * <p>Each observation carries the version it was read at (of the store's own choosing, increasing); an observation
 * older than the one a key was last set from is ignored, so a slow reader cannot put an old value back. Thread-safe.
 */
abstract class CachedMetadataStore implements MetadataStore {

    private record Entry(Optional<String> value, long version) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Optional<String>>> watchers = new CopyOnWriteArrayList<>();

    @Override
    public Optional<String> cached(String key) {
        Entry e = entries.get(key);
        return e == null ? Optional.empty() : e.value();
    }

    @Override
    public Map<String, String> cachedEntries(String prefix) {
        Map<String, String> found = new TreeMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix) && e.value().isPresent()) found.put(k, e.value().get());
        });
        return found;
    }

    @Override
    public void watch(BiConsumer<String, Optional<String>> watcher) {
        watchers.add(watcher);
    }

    /** Records that {@code key} held {@code value} at {@code version}; tells the watchers when that is news. */
    final void observed(String key, Optional<String> value, long version) {
        boolean[] changed = {false};
        entries.compute(key, (k, old) -> {
            if (old != null && old.version() > version) return old;
            changed[0] = old == null ? value.isPresent() : !Objects.equals(old.value(), value);
            return new Entry(value, version);
        });
        if (changed[0]) for (BiConsumer<String, Optional<String>> w : watchers) w.accept(key, value);
    }

    /**
     * Records that the keys {@code covers} accepts held exactly {@code values} at {@code version}: the cached keys
     * it accepts that are missing there were removed.
     */
    final void observedAll(Map<String, String> values, long version, java.util.function.Predicate<String> covers) {
        for (String key : List.copyOf(entries.keySet())) {
            if (covers.test(key) && !values.containsKey(key)) observed(key, Optional.empty(), version);
        }
        values.forEach((k, v) -> observed(k, Optional.of(v), version));
    }
}
