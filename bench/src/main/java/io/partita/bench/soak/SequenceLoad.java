package io.partita.bench.soak;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An idempotent acks=all producer sending the sequence 0, 1, 2, ... (each value in the first 8 bytes of a record of
 * a fixed size, spread over the partitions by the default partitioner) on a thread of its own, at a fixed rate or as
 * fast as the broker takes it; it remembers which values were acknowledged. A failed send is counted by exception:
 * with unbounded retries none is expected. Thread-safe.
 */
final class SequenceLoad implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int recordBytes;
    /** Records per second; 0 for as fast as the producer's buffer lets the thread go. */
    private final double rate;
    private final BitSet acknowledged = new BitSet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    SequenceLoad(String bootstrap, String topic, int recordBytes, double rate) {
        this.topic = topic;
        this.recordBytes = recordBytes;
        this.rate = rate;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65_536,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "soak-producer");
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        for (long next = 0; running; ) {
            // at a fixed rate: send what is due by now, then sleep a millisecond (a record's interval is shorter
            // than a timer can sleep at thousands per second)
            long due = rate == 0 ? next + 1 : (long) ((System.nanoTime() - start) / 1e9 * rate);
            while (next < due && running) send(next++);
            if (rate != 0) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void send(long value) {
        byte[] record = ByteBuffer.allocate(recordBytes).putLong(value).array();
        try {
            producer.send(new ProducerRecord<>(topic, record), (metadata, error) -> {
                if (error != null) {
                    failures.computeIfAbsent(error.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                    return;
                }
                acks.incrementAndGet();
                synchronized (acknowledged) {
                    acknowledged.set((int) value);
                }
            });
            sent.incrementAndGet();
        } catch (RuntimeException refused) {
            failures.computeIfAbsent("refused " + refused.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
        }
    }

    long sent() {
        return sent.get();
    }

    long acknowledged() {
        return acks.get();
    }

    long failed() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    Map<String, AtomicLong> failures() {
        return failures;
    }

    /** A copy of the acknowledged values. */
    BitSet acknowledgedValues() {
        synchronized (acknowledged) {
            return (BitSet) acknowledged.clone();
        }
    }

    /** Stops sending and waits until every record sent is acknowledged or failed. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
        producer.flush();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        producer.close(Duration.ofSeconds(30));
    }

    /**
     * The broker's maximum rate of acknowledged records: as fast as the producer goes for {@code seconds}, counted
     * over the last two thirds (the first warms the producer and the broker up).
     */
    static double measureMaxRate(String bootstrap, String topic, int recordBytes, int seconds) throws InterruptedException {
        try (SequenceLoad load = new SequenceLoad(bootstrap, topic, recordBytes, 0)) {
            TimeUnit.SECONDS.sleep(seconds / 3);
            long from = load.acknowledged();
            long fromNanos = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds - seconds / 3);
            return (load.acknowledged() - from) / ((System.nanoTime() - fromNanos) / 1e9);
        }
    }
}
