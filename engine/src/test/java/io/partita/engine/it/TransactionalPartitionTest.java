package io.partita.engine.it;

import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.tools.TransactionsCommand;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
 * Partitions holding transactions, through real clients: Fetch with {@code isolation.level=read_committed}
 * ({@link KafkaConsumer}s) and DescribeProducers ({@code Admin}, {@code kafka-transactions.sh}). Transactional batches go
 * through the leader's produce path and markers through {@link ReplicaManager#appendTxnMarker}, as the transaction
 * coordinator writes them, so these tests need no coordinator.
 */
@Tag("slow")
class TransactionalPartitionTest {

    private static final long P1 = 1001L;
    private static final long P2 = 1002L;
    private static final long P3 = 1003L;
    private static final short EPOCH = 0;

    @TempDir
    Path dataDir;
    private TestNode node;
    private TestClients broker;
    private TopicPartition tp;
    private final int[] sequences = new int[4];

    @BeforeEach
    void start() {
        ExternalBroker.assumeNone();
        node = TestNode.start(dataDir);
        broker = node.clients();
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

    @Test
    void describeProducersShowsEachProducersStateAndOpenTransaction() throws Exception {
        transactional(P1, "c1", "c2");
        end(P1, true);
        plain("p0");
        transactional(P3, "o1");

        try (Admin admin = broker.admin()) {
            Map<Long, ProducerState> producers = new java.util.HashMap<>();
            for (ProducerState p : admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers()) {
                producers.put(p.producerId(), p);
            }
            assertThat(producers.keySet()).containsExactlyInAnyOrder(P1, P3);
            assertThat(producers.get(P1).lastSequence()).isEqualTo(1);
            assertThat(producers.get(P1).coordinatorEpoch()).hasValue(0);
            assertThat(producers.get(P1).currentTransactionStartOffset()).isEmpty();
            assertThat(producers.get(P3).currentTransactionStartOffset()).hasValue(4);
        }
        String printed = printed(new String[]{"--bootstrap-server", broker.bootstrapServers(),
                "describe-producers", "--topic", tp.topic(), "--partition", "0"});
        List<String[]> rows = printed.lines().map(l -> l.trim().split("\\s+")).filter(r -> r[0].equals(Long.toString(P3))).toList();
        assertThat(rows).hasSize(1);
        // The last column is CurrentTransactionStartOffset.
        assertThat(rows.get(0)[rows.get(0).length - 1]).isEqualTo("4");
    }

    /**
     * What {@code kafka-transactions.sh} (kafka-tools' command, in-process) printed on stdout; it must exit with 0,
     * which is caught rather than ending the JVM.
     */
    private static synchronized String printed(String[] args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int[] exitCode = {-1};
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Exit.setExitProcedure((code, message) -> exitCode[0] = code);
        try {
            TransactionsCommand.main(args);
        } finally {
            Exit.resetExitProcedure();
            System.setOut(out);
        }
        assertThat(exitCode[0]).as("exit code; printed: %s", bytes).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
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
