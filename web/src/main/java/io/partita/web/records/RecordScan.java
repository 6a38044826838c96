package io.partita.web.records;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One bounded search through offset ranges of partitions with a consumer the caller assigned nothing yet. It reads in
 * rounds, a chunk of every partition per round (growing from {@value #FIRST_CHUNK} to {@value #MAX_CHUNK} records),
 * from the range's end backwards (newest first) or from its start on, and stops once the limit is found, the scan
 * bound is reached, the time is up or the ranges are read. The records found are merged across partitions by
 * timestamp; where each partition stopped (its first record found but not returned, or the end of what was read)
 * lets the next page go on without losing or repeating a record. A chunk cut short by the time is read again next
 * page. Not thread-safe; used once.
 */
final class RecordScan {

    static final int FIRST_CHUNK = 1_000;
    static final int MAX_CHUNK = 20_000;
    private static final Duration POLL = Duration.ofMillis(200);

    /** The offsets [low, high) of a partition still to read. */
    static final class Span {
        long low;
        long high;

        Span(long low, long high) {
            this.low = low;
            this.high = Math.max(low, high);
        }

        boolean read() {
            return low >= high;
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordFilter filter;
    private final boolean newestFirst;
    private final int limit;
    private final long maxScan;
    private final long deadline;
    private final Map<TopicPartition, Span> spans;
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> found = new HashMap<>();
    private long scanned;

    RecordScan(KafkaConsumer<byte[], byte[]> consumer, RecordFilter filter, boolean newestFirst, int limit,
               long maxScan, Duration budget, Map<TopicPartition, Span> spans) {
        this.consumer = consumer;
        this.filter = filter;
        this.newestFirst = newestFirst;
        this.limit = limit;
        this.maxScan = maxScan;
        this.deadline = System.nanoTime() + budget.toNanos();
        this.spans = new LinkedHashMap<>(spans);
        spans.keySet().forEach(partition -> found.put(partition, new ArrayList<>()));
    }

    RecordSearchResult run(RecordFormat format) {
        long started = System.nanoTime();
        String stoppedBy = scan();
        Map<TopicPartition, Integer> taken = new HashMap<>();
        List<RecordView> records = merge(taken, format);
        List<RecordSearchResult.Position> positions = new ArrayList<>();
        for (Map.Entry<TopicPartition, Span> entry : spans.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> mine = found.get(entry.getKey());
            int returned = taken.getOrDefault(entry.getKey(), 0);
            Span span = entry.getValue();
            if (returned < mine.size()) {
                long first = mine.get(returned).offset();
                positions.add(new RecordSearchResult.Position(entry.getKey().partition(), newestFirst ? first + 1 : first, false));
            } else {
                positions.add(new RecordSearchResult.Position(entry.getKey().partition(), newestFirst ? span.high : span.low,
                        span.read()));
            }
        }
        return new RecordSearchResult(records, positions, RecordSearchResult.cursor(positions), scanned, stoppedBy,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Reads rounds until a bound is met; says which: limit, scan, time or end. */
    private String scan() {
        int chunk = FIRST_CHUNK;
        while (true) {
            if (foundCount() >= limit) return "limit";
            List<TopicPartition> unread = spans.entrySet().stream().filter(e -> !e.getValue().read())
                    .map(Map.Entry::getKey).toList();
            if (unread.isEmpty()) return "end";
            long left = maxScan - scanned;
            if (left <= 0) return "scan";
            if (unread.size() > left) unread = unread.subList(0, (int) left);
            long perPartition = Math.min(chunk, left / unread.size());
            if (!round(unread, perPartition)) return "time";
            chunk = Math.min(MAX_CHUNK, chunk * 2);
        }
    }

    /** Reads a chunk of each partition; false when the time ran out first (nothing of the round is kept). */
    private boolean round(List<TopicPartition> partitions, long size) {
        Map<TopicPartition, long[]> chunks = new HashMap<>();
        consumer.assign(partitions);
        consumer.resume(partitions);
        for (TopicPartition partition : partitions) {
            Span span = spans.get(partition);
            long from = newestFirst ? Math.max(span.low, span.high - size) : span.low;
            long until = newestFirst ? span.high : Math.min(span.high, span.low + size);
            chunks.put(partition, new long[]{from, until});
            consumer.seek(partition, from);
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> read = new HashMap<>();
        long inspected = 0;
        Set<TopicPartition> pending = new HashSet<>(partitions);
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofNanos(Math.min(POLL.toNanos(), left)));
            for (TopicPartition partition : polled.partitions()) {
                long[] chunk = chunks.get(partition);
                for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
                    if (record.offset() < chunk[0] || record.offset() >= chunk[1]) continue;
                    inspected++;
                    if (filter.matches(record)) read.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
                }
            }
            for (TopicPartition partition : List.copyOf(pending)) {
                if (consumer.position(partition) >= chunks.get(partition)[1]) {
                    pending.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
        }
        scanned += inspected;
        for (TopicPartition partition : partitions) {
            Span span = spans.get(partition);
            if (newestFirst) span.high = chunks.get(partition)[0]; else span.low = chunks.get(partition)[1];
            List<ConsumerRecord<byte[], byte[]>> matches = read.getOrDefault(partition, List.of());
            if (newestFirst) Collections.reverse(matches);
            List<ConsumerRecord<byte[], byte[]>> mine = found.get(partition);
            // No page returns more than limit of one partition: one more marks where the next page starts.
            mine.addAll(matches.subList(0, Math.min(matches.size(), Math.max(0, limit + 1 - mine.size()))));
        }
        return true;
    }

    /** Up to limit of the records found, newest (or oldest) first across partitions; counts how many of each. */
    private List<RecordView> merge(Map<TopicPartition, Integer> taken, RecordFormat format) {
        List<RecordView> records = new ArrayList<>();
        while (records.size() < limit) {
            ConsumerRecord<byte[], byte[]> next = null;
            TopicPartition from = null;
            for (Map.Entry<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> entry : found.entrySet()) {
                int at = taken.getOrDefault(entry.getKey(), 0);
                if (at >= entry.getValue().size()) continue;
                ConsumerRecord<byte[], byte[]> head = entry.getValue().get(at);
                if (next == null || (newestFirst ? head.timestamp() > next.timestamp() : head.timestamp() < next.timestamp())
                        || (head.timestamp() == next.timestamp() && head.partition() < next.partition())) {
                    next = head;
                    from = entry.getKey();
                }
            }
            if (next == null) break;
            taken.merge(from, 1, Integer::sum);
            records.add(RecordView.of(next, format));
        }
        return records;
    }

    private int foundCount() {
        return found.values().stream().mapToInt(List::size).sum();
    }
}
