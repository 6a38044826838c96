package io.partita.engine.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/**
 * A well-behaved application beside a test's mischief: an idempotent acks=all producer sending 1, 2, 3, ... at a
 * steady pace, and a consumer in a group reading them, each on a thread of its own. Every error either sees is kept
 * ({@link #errors()}); {@link #stop()} waits until the consumer has read every acknowledged value. Thread-safe.
 */
final class SteadyTraffic implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final long intervalNanos;
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Long> consumed = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final Thread producing;
    private final Thread consuming;
    private volatile boolean producerRunning = true;
    private volatile boolean consumerRunning = true;

    SteadyTraffic(TestClients broker, String topic, String group, int recordsPerSecond) {
        this.topic = topic;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        this.producer = broker.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5));
        this.consumer = broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        consumer.subscribe(List.of(topic));
        this.producing = new Thread(this::produce, "steady-producer");
        this.consuming = new Thread(this::consume, "steady-consumer");
        producing.start();
        consuming.start();
    }

    private void produce() {
        long next = System.nanoTime();
        for (long value = 1; producerRunning; value++) {
            long v = value;
            try {
                producer.send(new ProducerRecord<>(topic, ByteBuffer.allocate(8).putLong(v).array()), (metadata, error) -> {
                    if (error == null) acknowledged.add(v);
                    else errors.add("send of " + v + ": " + error);
                });
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                errors.add("send of " + v + " refused: " + e);
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
        }
    }

    private void consume() {
        while (consumerRunning) {
            try {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> consumed.add(ByteBuffer.wrap(r.value()).getLong()));
                consumer.commitAsync((offsets, error) -> {
                    if (error != null) errors.add("commit: " + error);
                });
            } catch (RuntimeException e) {
                errors.add("poll: " + e);
            }
        }
    }

    long acknowledged() {
        return acknowledged.size();
    }

    long consumed() {
        return consumed.size();
    }

    long sent() {
        return sent.get();
    }

    /** Every error the producer or the consumer met so far (none is expected). */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Stops producing, waits until every record sent is acknowledged or failed and consumed, then stops consuming. */
    void stop() throws InterruptedException {
        producerRunning = false;
        producing.join();
        producer.flush();
        await("every acknowledged record consumed").atMost(Duration.ofSeconds(30))
                .until(() -> consumed.containsAll(acknowledged));
        consumerRunning = false;
        consuming.join();
    }

    @Override
    public void close() throws InterruptedException {
        producerRunning = false;
        consumerRunning = false;
        producing.join();
        consuming.join();
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
