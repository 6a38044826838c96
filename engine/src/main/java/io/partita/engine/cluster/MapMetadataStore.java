package io.partita.engine.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metadata in one Hazelcast map of JSON text ({@code partita.metadata}), for clusters of one or two nodes,
 * where no quorum can survive the loss of a node anyway.
 *
 * <p>Not partition-safe: IMaps are AP, so during a network split both sides keep writing and Hazelcast's merge
 * afterwards keeps one side's entries. Compare-and-set is {@link IMap#replace(Object, Object, Object)} on the text.
 * An entry listener brings remote changes; {@link #refresh()} re-reads the map, so a change a merge overwrote
 * without an event is still found. Counters are entries too.
 *
 * <p>The map has no versions, so this node numbers its own observations ({@link #clock}): a read or a refresh takes
 * its number before it reads, a write or an event when it lands. A refresh that began before a change (and so may
 * have missed it) therefore never undoes the change in the cache: a topic created while the map was being re-read
 * stays visible. Thread-safe.
 */
public final class MapMetadataStore extends CachedMetadataStore {

    private static final String COUNTER_PREFIX = "counter/";

    private final IMap<String, String> map;
    private final UUID listenerId;
    private final AtomicLong clock = new AtomicLong();

    public MapMetadataStore(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap("partita.metadata");
        this.listenerId = map.addEntryListener(new Listener(), true);
    }

    @Override
    public Optional<String> read(String key) {
        long version = clock.incrementAndGet();
        Optional<String> value = Optional.ofNullable(map.get(key));
        observed(key, value, version);
        return value;
    }

    @Override
    public boolean compareAndSet(String key, Optional<String> expected, Optional<String> update) {
        boolean done;
        if (expected.isEmpty()) {
            done = update.isEmpty() ? !map.containsKey(key) : map.putIfAbsent(key, update.get()) == null;
        } else if (update.isEmpty()) {
            done = map.remove(key, expected.get());
        } else {
            done = map.replace(key, expected.get(), update.get());
        }
        if (done) observed(key, update, clock.incrementAndGet());
        else read(key);
        return done;
    }

    @Override
    public void refresh() {
        long version = clock.incrementAndGet();
        Map<String, String> all = new HashMap<>();
        map.forEach((key, value) -> {
            if (!key.startsWith(COUNTER_PREFIX)) all.put(key, value);
        });
        observedAll(all, version, key -> true);
    }

    @Override
    public void poll() {
        // The entry listener pushes every change.
    }

    @Override
    public void maintainQuorum() {
        // No quorum: every member holds part of the map.
    }

    @Override
    public boolean removeQuorumMember(String memberAddress) {
        return false;
    }

    @Override
    public long increment(String name) {
        String key = COUNTER_PREFIX + name;
        while (true) {
            String current = map.get(key);
            long next = current == null ? 1 : Long.parseLong(current) + 1;
            boolean done = current == null ? map.putIfAbsent(key, Long.toString(next)) == null
                    : map.replace(key, current, Long.toString(next));
            if (done) return next;
        }
    }

    @Override
    public long counter(String name) {
        String value = map.get(COUNTER_PREFIX + name);
        return value == null ? 0 : Long.parseLong(value);
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
            if (!event.getKey().startsWith(COUNTER_PREFIX)) observed(event.getKey(), Optional.of(event.getValue()), clock.incrementAndGet());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            entryAdded(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            observed(event.getKey(), Optional.empty(), clock.incrementAndGet());
        }
    }
}
