package io.partita.systemtests;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Reads a {@link SequenceProducer}'s topic back from the beginning and checks it against the acknowledgements: every
 * acknowledged value at its acknowledged offset, no value twice, values increasing within each partition; and reads
 * partitions to their ends for the tests that check what they read themselves. Stateless.
 */
final class ReadBack {

    private ReadBack() {
    }

    /**
     * Reads partitions {@code 0..partitionCount-1} of {@code topic} to their end offsets and answers what is wrong (at
     * most five examples of each kind, then the totals); the figures go to {@code log}.
     */
    static List<String> check(String bootstrap, String topic, int partitionCount, List<SequenceProducer.Ack> acks,
                              Consumer<String> log) {
        List<String> violations = new ArrayList<>();
        List<TopicPartition> partitions = IntStream.range(0, partitionCount).mapToObj(p -> new TopicPartition(topic, p)).toList();
        Map<Integer, List<ConsumerRecord<String, String>>> read = new HashMap<>();
        partitions.forEach(tp -> read.put(tp.partition(), new ArrayList<>()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            boolean complete = toEnds(consumer, ends, Duration.ofMinutes(2), r -> read.get(r.partition()).add(r));
            log.accept(String.format("read back: end offsets %s, read %s records", ends.values(),
                    read.values().stream().map(List::size).toList()));
            if (!complete) violations.add("could not read every partition to its end offset " + ends + " within 2 min");
        } catch (RuntimeException e) {
            violations.add("reading back failed: " + e);
            return violations;
        }
        Map<Integer, Map<Long, String>> byOffset = new HashMap<>();
        Map<String, String> seen = new HashMap<>();
        int duplicates = 0, outOfOrder = 0;
        for (Map.Entry<Integer, List<ConsumerRecord<String, String>>> partition : read.entrySet()) {
            Map<Long, String> offsets = new HashMap<>();
            long previous = Long.MIN_VALUE;
            for (ConsumerRecord<String, String> record : partition.getValue()) {
                offsets.put(record.offset(), record.value());
                String where = record.partition() + "@" + record.offset();
                String earlier = seen.putIfAbsent(record.value(), where);
                if (earlier != null && duplicates++ < 5) {
                    violations.add("value " + record.value() + " appears twice: at " + earlier + " and " + where);
                }
                long value = Long.parseLong(record.value());
                if (value <= previous && outOfOrder++ < 5) {
                    violations.add("partition " + partition.getKey() + ": value " + value + " at offset "
                            + record.offset() + " after " + previous);
                }
                previous = Math.max(previous, value);
            }
            byOffset.put(partition.getKey(), offsets);
        }
        int missing = 0, wrong = 0;
        for (SequenceProducer.Ack ack : acks) {
            String value = byOffset.get(ack.partition()).get(ack.offset());
            if (value == null) {
                if (missing++ < 5) violations.add("acknowledged value " + ack.value() + " missing at "
                        + ack.partition() + "@" + ack.offset());
            } else if (!value.equals(Long.toString(ack.value()))) {
                if (wrong++ < 5) violations.add("at " + ack.partition() + "@" + ack.offset() + " acknowledged value "
                        + ack.value() + " but found " + value);
            }
        }
        if (missing + wrong + duplicates + outOfOrder > 0) {
            violations.add(String.format("totals: %d acknowledged records missing, %d at their offset with another value,"
                    + " %d duplicate values, %d values out of order (first 5 of each listed)", missing, wrong, duplicates, outOfOrder));
        }
        log.accept(String.format("read back: %d records; of %d acknowledged: %d missing, %d with another value; %d duplicates,"
                + " %d out of order", read.values().stream().mapToInt(List::size).sum(), acks.size(), missing, wrong,
                duplicates, outOfOrder));
        return violations;
    }

    /**
     * Polls {@code consumer} until its position in each partition of {@code ends} is at least that partition's end
     * offset, handing every record to {@code sink}; answers whether it got there within {@code limit}. The polls
     * follow each other without a pause, as a poll itself waits while nothing arrives: an await loop's 100 ms between
     * polls of at most 500 records ({@code max.poll.records}) made reading 500,000 records take over 100 s.
     */
    static <K, V> boolean toEnds(KafkaConsumer<K, V> consumer, Map<TopicPartition, Long> ends, Duration limit,
                                 Consumer<ConsumerRecord<K, V>> sink) {
        long started = System.nanoTime();
        while (!ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
            if (System.nanoTime() - started > limit.toNanos()) return false;
            consumer.poll(Duration.ofMillis(500)).forEach(sink);
        }
        return true;
    }
}
