package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.ProtocolFuzzer.Outcome;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Protocol fuzzing (issue 13): at least 100,000 malformed or truncated frames against a live node (mutations of the
 * requests Kafka's clients really send and of every API at every advertised version; random sizes, huge and negative
 * size prefixes, unknown API keys and versions, frames abandoned mid-way) from eight threads, while an idempotent
 * acks=all producer and a group consumer work beside them. The node never dies and still answers; the clients see no
 * error and every acknowledged record is consumed; frames no broker can take close their connection; the log
 * reports the closed connections at most once per 30 s with a count, and no exception escapes to it; the heap,
 * measured after a full GC, grows by less than {@value #HEAP_GROWTH_MB} MB.
 *
 * <p>{@code -Dpartita.fuzz.seed=N} repeats a run's mutations (the seed is printed); {@code -Dpartita.fuzz.frames=N}
 * sends more.
 */
@Tag("slow")
class ProtocolFuzzTest {

    private static final int FRAMES = Integer.getInteger("partita.fuzz.frames", 100_000);
    private static final int THREADS = 8;
    private static final long HEAP_GROWTH_MB = 64;
    /** The listener's report interval for bad requests. */
    private static final long REPORT_INTERVAL_SECONDS = 30;
    /** Another loopback address: where the node advertises itself, so that clients come through the recording proxy. */
    private static final String PROXY_HOST = "127.0.0.2";

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void malformedFramesCloseTheirConnectionsOnlyAndTheNodeServesOn() throws Exception {
        long seed = Long.getLong("partita.fuzz.seed", System.nanoTime());
        System.out.printf("protocol fuzzing: seed %d (-Dpartita.fuzz.seed=%d repeats this run), %d frames%n", seed, seed, FRAMES);
        NodeConfig config = TestNode.settings(dataDir, 1, false)
                .with(NodeConfig.ADVERTISED_HOST, PROXY_HOST)
                // mutated CreateTopics and CreatePartitions requests make topics: this many partitions at most
                .with(NodeConfig.MAX_BROKER_PARTITIONS, 300)
                .with(NodeConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 3)
                .with(NodeConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS, 3);
        try (TestNode node = TestNode.start(config);
             RecordingProxy proxy = RecordingProxy.start(PROXY_HOST, node.node().kafkaAddress());
             CapturedLog log = CapturedLog.of("io.partita.engine")) {
            TestClients direct = node.clients();
            InetSocketAddress listener = node.node().kafkaAddress();
            RequestCorpus corpus = RequestCorpus.build(new TestClients(PROXY_HOST + ":" + listener.getPort(), TestNode.NODE_ID),
                    proxy, direct);
            System.out.printf("corpus: %d valid frames (recorded from Kafka's clients, and every API at every advertised"
                    + " version with default fields) by API: %s%n", corpus.frames().size(), corpus.countByApi());

            String topic;
            try (Admin admin = direct.admin()) {
                topic = Topics.create(admin, "steady", 3);
            }
            try (SteadyTraffic traffic = new SteadyTraffic(direct, topic, "steady-group", 200)) {
                await("the steady consumer reading").atMost(Duration.ofSeconds(30)).until(() -> traffic.consumed() > 0);
                long heapBefore = usedHeapAfterFullGc();
                int linesBefore = log.lines().size();
                long started = System.nanoTime();

                ProtocolFuzzer.Tally tally = new ProtocolFuzzer(direct.bootstrapServers(), corpus, seed).run(FRAMES, THREADS);

                double seconds = (System.nanoTime() - started) / 1e9;
                long heapAfter = usedHeapAfterFullGc();
                List<CapturedLog.Line> lines = log.lines().subList(linesBefore, log.lines().size());
                List<CapturedLog.Line> reports = lines.stream().filter(l -> l.message().startsWith("Serving a client's request failed")).toList();
                List<CapturedLog.Line> escaped = lines.stream().filter(l -> l.thrown() != null && l.level().intValue() >= Level.WARNING.intValue()).toList();
                traffic.stop();

                System.out.printf("fuzzing: %d frames in %.1f s (%.0f frames/s) over %d connections; outcomes:%n%s%n",
                        tally.frames(), seconds, tally.frames() / seconds, tally.connections(), tally.table());
                System.out.printf("heap used after a full GC: %d MB before, %d MB after%n", heapBefore >> 20, heapAfter >> 20);
                System.out.printf("log: %d line(s) about closed connections, %d line(s) with an exception, %d in all%n",
                        reports.size(), escaped.size(), lines.size());
                reports.forEach(l -> System.out.println("  " + l));
                escaped.stream().limit(5).forEach(l -> System.out.println("  " + l));
                System.out.printf("beside it: %d records sent, %d acknowledged, %d consumed, errors %s%n",
                        traffic.sent(), traffic.acknowledged(), traffic.consumed(), traffic.errors());

                assertThat(tally.frames()).isGreaterThanOrEqualTo(FRAMES);
                assertThat(tally.violations()).as("frames no broker may answer, which did not close their connection").isEmpty();
                assertThat(tally.count(Outcome.CLOSED)).as("connections closed by the node").isPositive();
                assertThat(traffic.errors()).as("errors of the well-behaved producer and consumer").isEmpty();
                assertThat(traffic.acknowledged()).isEqualTo(traffic.sent());
                assertStillServing(direct);
                assertThat(escaped).as("exceptions that reached the node's log").isEmpty();
                assertThat(reports).as("log lines about closed connections").isNotEmpty()
                        .hasSizeLessThanOrEqualTo((int) (seconds / REPORT_INTERVAL_SECONDS) + 1);
                assertThat(reports.get(0).message()).containsPattern("\\(\\d+ time\\(s\\) since the last report\\): closed connection ");
                assertThat((heapAfter - heapBefore) >> 20).as("heap growth in MB").isLessThan(HEAP_GROWTH_MB);
            }
        }
    }

    private static void assertStillServing(TestClients broker) {
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            ApiVersionsResponse versions = connection.send(new ApiVersionsRequest.Builder());
            assertThat(versions.data().errorCode()).isEqualTo(Errors.NONE.code());
            MetadataResponse metadata = connection.send(MetadataRequest.Builder.allTopics());
            assertThat(metadata.brokers()).extracting(n -> n.id()).containsExactly(TestNode.NODE_ID);
        }
    }

    private static long usedHeapAfterFullGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
