package io.partita.bench.soak;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer group whose members come and go: each member is a {@link KafkaConsumer} on a thread of its own that
 * reads the sequence values of {@link SequenceLoad}, commits after every poll and, synchronously, when partitions
 * are taken from it and when it leaves (so a value is read at least once across rebalances). Members are added and
 * removed by {@link #add()} and {@link #removeOldest()} from one controlling thread; what they read is thread-safe.
 */
final class ChurningGroup implements AutoCloseable {

    private final String bootstrap;
    private final String topic;
    private final String group;
    private final String protocol;
    private final Deque<Member> members = new ArrayDeque<>();
    private final BitSet consumed = new BitSet();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private int joined;
    private int left;

    /** @param protocol {@code group.protocol}: classic or consumer */
    ChurningGroup(String bootstrap, String topic, String group, String protocol) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.group = group;
        this.protocol = protocol;
    }

    String group() {
        return group;
    }

    /** A new member joins. */
    void add() {
        members.addLast(new Member("soak-member-" + (++joined)));
    }

    /** The member that joined first leaves (commits, then closes). */
    void removeOldest() throws InterruptedException {
        Member leaving = members.removeFirst();
        leaving.stop();
        left++;
    }

    int size() {
        return members.size();
    }

    int joined() {
        return joined;
    }

    int left() {
        return left;
    }

    /** Records read, duplicates included. */
    long records() {
        return records.get();
    }

    /** Values read more than once (after a rebalance moved a partition before its last commit). */
    long duplicates() {
        return duplicates.get();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** How many values of {@code values} have not been read. */
    int unread(BitSet values) {
        BitSet missing = (BitSet) values.clone();
        synchronized (consumed) {
            missing.andNot(consumed);
        }
        return missing.cardinality();
    }

    @Override
    public void close() throws InterruptedException {
        while (!members.isEmpty()) removeOldest();
    }

    private final class Member implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Member(String clientId) {
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol,
                    ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.thread = new Thread(this::run, clientId);
            thread.start();
        }

        private void run() {
            try {
                consumer.subscribe(List.of(topic), this);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) read(record);
                    consumer.commitAsync((offsets, error) -> {
                        if (error != null) errors.add("commit: " + error);
                    });
                }
                consumer.commitSync();
            } catch (RuntimeException e) {
                errors.add(Thread.currentThread().getName() + ": " + e);
            } finally {
                consumer.close();
            }
        }

        private void read(ConsumerRecord<byte[], byte[]> record) {
            int value = (int) ByteBuffer.wrap(record.value()).getLong();
            records.incrementAndGet();
            boolean seen;
            synchronized (consumed) {
                seen = consumed.get(value);
                consumed.set(value);
            }
            if (seen) duplicates.incrementAndGet();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            consumer.commitSync();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        void stop() throws InterruptedException {
            running = false; // seen within a poll's timeout
            thread.join();
        }
    }
}
