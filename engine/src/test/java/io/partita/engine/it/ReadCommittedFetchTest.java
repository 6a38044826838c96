package io.partita.engine.it;

import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetch with {@code isolation.level=read_committed} through real {@link KafkaConsumer}s: transactional batches go
 * through the leader's produce path and markers through {@link ReplicaManager#appendTxnMarker}, as the transaction
 * coordinator writes them, so these tests need no coordinator.
 */
class ReadCommittedFetchTest {

    private static final long P1 = 1001L;
    private static final long P2 = 1002L;
    private static final long P3 = 1003L;
    private static final short EPOCH = 0;

    @TempDir
    Path dataDir;
    private PartitaBroker node;
    private TestBroker broker;
    private TopicPartition tp;
    private final int[] sequences = new int[4];

    @BeforeEach
    void start() {
        ExternalBroker.assumeNone();
        node = PartitaBroker.start(dataDir);
        broker = node.asTestBroker();
        try (Admin admin = broker.admin()) {
            tp = new TopicPartition(Topics.create(admin, "read-committed", 1), 0);
        }
    }

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    private void plain(String value) throws IOException {
        node.replicaManager().appendAsLeader(tp, MemoryRecords.withRecords(Compression.NONE, record(value)));
    }

    private void transactional(long producerId, String... values) throws IOException {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) records[i] = record(values[i]);
        int slot = (int) (producerId - 1000);
        node.replicaManager().appendAsLeader(tp, MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, EPOCH,
                sequences[slot], records));
        sequences[slot] += values.length;
    }

    private void end(long producerId, boolean commit) throws IOException {
        node.replicaManager().appendTxnMarker(tp, producerId, EPOCH, 0, commit);
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation, Map<String, Object> overrides) {
        Map<String, Object> settings = new java.util.HashMap<>(overrides);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        KafkaConsumer<byte[], byte[]> consumer = broker.consumer(settings);
        consumer.assign(List.of(tp));
        return consumer;
    }

    @Test
    void readCommittedSkipsAbortedDataAndReadUncommittedSeesEverything() throws IOException {
        plain("p0");
        transactional(P1, "c1");
        transactional(P2, "a1", "a2");
        transactional(P1, "c2");
        end(P1, true);
        transactional(P2, "a3");
        end(P2, false);
        plain("p1");

        try (KafkaConsumer<byte[], byte[]> committed = consumer("read_committed", Map.of());
             KafkaConsumer<byte[], byte[]> uncommitted = consumer("read_uncommitted", Map.of())) {
            assertThat(pollUntilEnd(committed, 9)).containsExactly("p0", "c1", "c2", "p1");
            assertThat(pollUntilEnd(uncommitted, 9)).containsExactly("p0", "c1", "a1", "a2", "c2", "a3", "p1");
        }
    }

    @Test
    void anOpenTransactionHoldsReadCommittedConsumersBackUntilItsMarkerWakesTheirFetch() throws Exception {
        plain("p0");
        transactional(P3, "o1");
        plain("p1");

        ExecutorService poller = Executors.newSingleThreadExecutor();
        KafkaConsumer<byte[], byte[]> committed = consumer("read_committed", Map.of(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 30_000, ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000));
        try (KafkaConsumer<byte[], byte[]> uncommitted = consumer("read_uncommitted", Map.of())) {
            assertThat(committed.endOffsets(List.of(tp)).get(tp)).isEqualTo(1);
            assertThat(uncommitted.endOffsets(List.of(tp)).get(tp)).isEqualTo(3);
            assertThat(pollUntilEnd(uncommitted, 3)).containsExactly("p0", "o1", "p1");

            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                while (seen.size() < 3) {
                    for (ConsumerRecord<byte[], byte[]> r : committed.poll(Duration.ofMillis(200))) seen.add(value(r));
                    if (seen.size() == 1) started = System.nanoTime();
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }, poller);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(seen).containsExactly("p0");

            end(P3, true);

            long waitedMs = blocked.get(20, TimeUnit.SECONDS);
            assertThat(seen).containsExactly("p0", "o1", "p1");
            // The fetch waiting at the LSO answered when the marker moved it, long before fetch.max.wait.ms.
            assertThat(waitedMs).isLessThan(15_000);
        } finally {
            poller.shutdownNow();
            // a plain close() would wait for the consumer's next fetch, parked for up to fetch.max.wait.ms
            committed.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    /** Polls until the consumer's position reaches {@code endOffset}; returns the values seen. */
    private static List<String> pollUntilEnd(KafkaConsumer<byte[], byte[]> consumer, long endOffset) {
        List<String> values = new ArrayList<>();
        TopicPartition tp = consumer.assignment().iterator().next();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (consumer.position(tp) < endOffset && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) values.add(value(r));
        }
        return values;
    }

    private static SimpleRecord record(String value) {
        return new SimpleRecord(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String value(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }
}
