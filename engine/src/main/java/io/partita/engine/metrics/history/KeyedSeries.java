package io.partita.engine.metrics.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The series of many topics, or of many groups: only the first {@code maxKeys} by name have series, counting those
 * sampled now and those with samples within the retention (a group whose lag could not be had this time keeps its
 * place and its history); a key that falls beyond them, because others that sort before it came, loses its series.
 * So which keys have a history is plain from their names alone, whatever came first. The keys sampled but left out
 * are counted per sampling. Thread-safe.
 */
final class KeyedSeries {

    private final int capacity;
    private final long retentionMs;
    private final int maxKeys;
    private final Map<String, Map<String, SampleRing>> byKey = new ConcurrentHashMap<>();
    private volatile int leftOut;

    KeyedSeries(int capacity, long retentionMs, int maxKeys) {
        this.capacity = capacity;
        this.retentionMs = retentionMs;
        this.maxKeys = maxKeys;
    }

    /**
     * Records the values of every key sampled at {@code timeMs}, each a value by series name; {@code leftOutAlready}
     * keys were not even sampled, for want of room.
     */
    synchronized void record(long timeMs, Map<String, Map<String, Double>> values, int leftOutAlready) {
        byKey.values().removeIf(series -> lastTimeMs(series) < timeMs - retentionMs);
        Set<String> candidates = new TreeSet<>(values.keySet());
        candidates.addAll(byKey.keySet());
        Set<String> kept = candidates.stream().limit(maxKeys).collect(Collectors.toSet());
        byKey.keySet().retainAll(kept);
        int refused = leftOutAlready;
        for (Map.Entry<String, Map<String, Double>> key : values.entrySet()) {
            if (!kept.contains(key.getKey())) {
                refused++;
                continue;
            }
            Map<String, SampleRing> series = byKey.computeIfAbsent(key.getKey(), name -> new ConcurrentHashMap<>());
            for (Map.Entry<String, Double> value : key.getValue().entrySet()) {
                series.computeIfAbsent(value.getKey(), name -> new SampleRing(capacity))
                        .add(timeMs, value.getValue());
            }
        }
        leftOut = refused;
    }

    /** The series of {@code key} from {@code fromMs} on; none when it has no series. */
    Map<String, List<Sample>> since(String key, long fromMs) {
        Map<String, List<Sample>> result = new HashMap<>();
        byKey.getOrDefault(key, Map.of()).forEach((name, ring) -> result.put(name, ring.since(fromMs)));
        return result;
    }

    /** Keys left out at the latest sampling for want of room. */
    int leftOut() {
        return leftOut;
    }

    private static long lastTimeMs(Map<String, SampleRing> series) {
        return series.values().stream().mapToLong(SampleRing::lastTimeMs).max().orElse(Long.MIN_VALUE);
    }
}
