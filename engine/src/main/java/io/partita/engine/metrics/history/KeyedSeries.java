package io.partita.engine.metrics.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series of many topics, or of many groups: at most {@code maxKeys} of them have series, those that had one
 * first and then the others by name; the rest are left out, counted per sampling. A key not sampled for the
 * retention loses its series, which frees its place. Thread-safe.
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
        int refused = leftOutAlready;
        for (Map.Entry<String, Map<String, Double>> key : new TreeMap<>(values).entrySet()) {
            Map<String, SampleRing> series = byKey.get(key.getKey());
            if (series == null) {
                if (byKey.size() >= maxKeys) {
                    refused++;
                    continue;
                }
                series = new ConcurrentHashMap<>();
                byKey.put(key.getKey(), series);
            }
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
