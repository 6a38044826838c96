package io.partita.systemtests;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An idempotent acks=all producer on a thread of its own, sending the sequence 1, 2, 3, ... as values (record n to
 * partition n mod partitions, key {@code k<partition>}), so every value is unique and each partition's values
 * increase; it remembers every acknowledged (partition, offset, value) with the time of its acknowledgement. It sends
 * at a fixed pace with a bounded number of unacknowledged records, so a stalled partition holds the stream back
 * rather than filling memory. Retries are unbounded and the delivery timeout long: a failed send is a finding, counted
 * by exception; when the producer itself refuses to send (a fatal error), it is replaced by a new one. Thread-safe.
 */
final class SequenceProducer implements AutoCloseable {

    /** One acknowledged record. */
    record Ack(int partition, long offset, long value, long ackedAtNanos) {
    }

    private static final int MAX_UNACKNOWLEDGED = 2000;

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final long intervalNanos;
    private final Semaphore unacknowledged = new Semaphore(MAX_UNACKNOWLEDGED);
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicLong[] lastAckNanos;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger replacements = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaProducer<String, String> producer;

    SequenceProducer(String bootstrapServers, String topic, int partitions, int recordsPerSecond) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        this.lastAckNanos = new AtomicLong[partitions];
        for (int p = 0; p < partitions; p++) lastAckNanos[p] = new AtomicLong(Long.MIN_VALUE);
        this.producer = newProducer();
        this.thread = new Thread(this::run, "sequence-producer");
        thread.setDaemon(true);
        thread.start();
    }

    private KafkaProducer<String, String> newProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE,
                "max.in.flight.requests.per.connection", 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer());
    }

    private void run() {
        long next = System.nanoTime();
        long value = 0;
        while (running) {
            try {
                if (!unacknowledged.tryAcquire(200, TimeUnit.MILLISECONDS)) continue;
            } catch (InterruptedException e) {
                return;
            }
            value++;
            int partition = (int) (value % partitions);
            long sentValue = value;
            try {
                producer.send(new ProducerRecord<>(topic, partition, "k" + partition, Long.toString(sentValue)),
                        (metadata, exception) -> {
                            unacknowledged.release();
                            if (exception != null) {
                                failed.incrementAndGet();
                                failures.computeIfAbsent(exception.getClass().getSimpleName(), k -> new AtomicInteger())
                                        .incrementAndGet();
                            } else {
                                long now = System.nanoTime();
                                acks.add(new Ack(metadata.partition(), metadata.offset(), sentValue, now));
                                lastAckNanos[metadata.partition()].accumulateAndGet(now, Math::max);
                            }
                        });
                sent.incrementAndGet();
            } catch (RuntimeException refused) {
                // After a fatal error the producer refuses every send: count it and carry on with a new producer.
                unacknowledged.release();
                failed.incrementAndGet();
                failures.computeIfAbsent("send refused: " + refused.getClass().getSimpleName(), k -> new AtomicInteger())
                        .incrementAndGet();
                if (!running) break;
                // A send that timed out waiting for metadata is no fatal error: the value is skipped, that is all.
                if (refused instanceof RetriableException) continue;
                producer.close(Duration.ofSeconds(5));
                producer = newProducer();
                replacements.incrementAndGet();
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            else if (wait < -TimeUnit.SECONDS.toNanos(1)) next = System.nanoTime(); // no catching up after a stall
        }
    }

    long acknowledged() {
        return acks.size();
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    int replacements() {
        return replacements.get();
    }

    Map<String, AtomicInteger> failures() {
        return failures;
    }

    /** The time of the latest acknowledgement on {@code partition}, if any. */
    OptionalLong lastAckNanos(int partition) {
        long last = lastAckNanos[partition].get();
        return last == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /** Every acknowledgement so far. */
    List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** Whether every partition has had an acknowledgement after {@code since} (a {@link System#nanoTime()}). */
    boolean ackedOnEveryPartitionSince(long since) {
        return IntStream.range(0, partitions).allMatch(p -> lastAckNanos(p).orElse(Long.MIN_VALUE) > since);
    }

    /** The latest, over partitions, of each partition's first acknowledgement after {@code since}. */
    long lastFirstAckAfter(long since) {
        long[] first = new long[partitions];
        Arrays.fill(first, Long.MAX_VALUE);
        for (Ack ack : acks) {
            if (ack.ackedAtNanos() > since) first[ack.partition()] = Math.min(first[ack.partition()], ack.ackedAtNanos());
        }
        return Arrays.stream(first).max().orElse(since);
    }

    /** Per partition, the longest time in nanoseconds between {@code from} and {@code to} without an acknowledgement. */
    long[] longestAckGapsNanos(long from, long to) {
        Map<Integer, List<Long>> times = new HashMap<>();
        for (Ack ack : acks) {
            if (ack.ackedAtNanos() >= from && ack.ackedAtNanos() <= to) {
                times.computeIfAbsent(ack.partition(), p -> new ArrayList<>()).add(ack.ackedAtNanos());
            }
        }
        long[] gaps = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            List<Long> list = times.getOrDefault(p, new ArrayList<>());
            list.sort(Long::compare);
            long previous = from, longest = 0;
            for (long t : list) {
                longest = Math.max(longest, t - previous);
                previous = t;
            }
            gaps[p] = Math.max(longest, to - previous);
        }
        return gaps;
    }

    /** {@link #longestAckGapsNanos} for people: "p0 1.2s, p1 0.4s, ...". */
    String longestAckGaps(long from, long to) {
        long[] gaps = longestAckGapsNanos(from, to);
        return IntStream.range(0, partitions).mapToObj(p -> String.format("p%d %.1fs", p, gaps[p] / 1e9))
                .collect(Collectors.joining(", "));
    }

    /** Stops sending and closes the producer, waiting up to {@code timeout} for the records still unacknowledged. */
    void stop(Duration timeout) {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
    }

    @Override
    public void close() {
        if (thread.isAlive() || running) stop(Duration.ofSeconds(5));
    }
}
