package io.partita.engine.group;

import io.partita.engine.it.TestClients;
import io.partita.engine.it.TestNode;
import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once under churn (issue 4's acceptance): four consumers of one group, each a JVM of its own
 * ({@link ChurnConsumerProcess}), read 1,000,000 records with manual commits while members are killed with
 * {@code destroyForcibly} (a crash: no LeaveGroup, the member stays until its session runs out) and replaced at
 * random moments. Meanwhile the committed offsets are watched through OffsetFetch (the admin client): none may ever
 * move backwards. At the end every record must have been processed at least once; how many were processed twice
 * is printed. Sessions are short (broker settings {@code group.min.session.timeout.ms}, and for the consumer protocol,
 * whose sessions the broker decides, {@code group.consumer.session.timeout.ms} and its heartbeat interval, lowered) so that the run
 * takes about a minute on this two-core machine (62 s at load average 12); the deadline only guards against a
 * hang: starting the members' JVMs alone takes tens of seconds on a loaded machine.
 */
@Tag("slow")
class ConsumerGroupChurnTest {

    private static final int RECORDS = 1_000_000;
    private static final int PARTITIONS = 8;
    private static final int MEMBERS = 4;
    private static final int SESSION_TIMEOUT_MS = 2_000;
    /** Simulated work per record, so that consumption lasts long enough (tens of seconds) for churn to matter. */
    private static final int PROCESSING_MICROS = 50;
    private static final Duration DEADLINE = Duration.ofSeconds(280);

    @TempDir
    Path dir;

    @Timeout(value = 330, unit = TimeUnit.SECONDS)
    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void everyRecordIsProcessedAtLeastOnceAndNoCommitMovesBackwards(String groupProtocol) throws Exception {
        long seed = System.nanoTime();
        Map<String, Object> settings = Map.of(NodeConfig.GROUP_MIN_SESSION_TIMEOUT_MS, 1_000,
                NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0,
                NodeConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS, SESSION_TIMEOUT_MS,
                NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, SESSION_TIMEOUT_MS / 4);
        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dir.resolve("data"), settings), Clock.systemUTC());
             GroupTestClients clients = new GroupTestClients(node.clients())) {
            String topic = clients.createTopic("churn", PARTITIONS);
            Admin admin = clients.admin();
            String group = "churn-" + groupProtocol;
            Members members = new Members(node.bootstrapServers(), group, topic, groupProtocol, dir);
            CommitWatch watch = new CommitWatch();
            Churn churn = new Churn(members, new Random(seed));
            long started = System.nanoTime();
            CompletableFuture<Map<TopicPartition, Long>> produced;
            try {
                // The members start (slowly: a JVM each) while the records are produced, and are watched from then on.
                for (int i = 0; i < MEMBERS; i++) members.start();
                produced = CompletableFuture.supplyAsync(() -> produce(node.clients().withKafkaTimeouts(), admin, topic));
                await("every record produced and committed").atMost(DEADLINE).pollInSameThread()
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                            watch.observe(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
                            boolean done = produced.isDone() && watch.reached(produced.join());
                            if (!done) churn.maybeStep(watch.total());
                            assertThat(done).as("all committed (so far %,d committed, %d members killed, %d added, %d alive)",
                                    watch.total(), churn.kills, churn.additions, members.count()).isTrue();
                        });
            } finally {
                members.killAll();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            Processed processed = members.processed(produced.join());
            System.out.printf("Churn (%s, seed %d): %,d records produced and consumed in %d ms while %d members were "
                            + "killed and %d added; %,d records processed twice (%,d processings in all)%n", groupProtocol,
                    seed, RECORDS, took.toMillis(), churn.kills, churn.additions, processed.duplicates, processed.total);
            assertThat(watch.backwards).as("committed offsets that moved backwards").isEmpty();
            assertThat(churn.kills).as("members killed during the run").isGreaterThanOrEqualTo(2);
            assertThat(processed.missing).as("records never processed, per partition").isEmpty();
        }
    }

    /** Sends the records round-robin over the partitions; returns the end offsets, which must add up to them all. */
    private static Map<TopicPartition, Long> produce(TestClients clients, Admin admin, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = clients.producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, ByteBuffer.allocate(4).putInt(i).array()));
            }
            producer.flush();
        }
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        try {
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Cannot read the end offsets of " + topic, e);
        }
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
        return ends;
    }

    /** The group's committed offsets as seen over time: the highest of each partition, and every step back. */
    private static final class CommitWatch {
        private final Map<TopicPartition, Long> highest = new HashMap<>();
        private final List<String> backwards = new ArrayList<>();

        void observe(Map<TopicPartition, OffsetAndMetadata> committed) {
            committed.forEach((tp, offset) -> {
                Long before = highest.get(tp);
                if (before != null && offset.offset() < before) {
                    backwards.add(tp + ": " + before + " -> " + offset.offset());
                } else {
                    highest.put(tp, offset.offset());
                }
            });
        }

        boolean reached(Map<TopicPartition, Long> ends) {
            return ends.entrySet().stream().allMatch(e -> e.getValue().equals(highest.get(e.getKey())));
        }

        long total() {
            return highest.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Members come and go around {@link #MEMBERS}: one killed or one added at random (back towards four when off by
     * one, so every second step kills), every 1 to 3 s once the group has committed something, and only after the
     * group committed another twelfth of the records since the last step (so that a slow machine still makes
     * progress between steps).
     */
    private static final class Churn {
        private static final long PROGRESS_BETWEEN_STEPS = RECORDS / 12;
        private final Members members;
        private final Random random;
        private long nextStepAt;
        private long committedAtLastStep = -1;
        int kills;
        int additions;

        Churn(Members members, Random random) {
            this.members = members;
            this.random = random;
        }

        void maybeStep(long committed) throws IOException, InterruptedException {
            if (committed == 0 || System.nanoTime() < nextStepAt
                    || (committedAtLastStep >= 0 && committed - committedAtLastStep < PROGRESS_BETWEEN_STEPS)) {
                return;
            }
            if (committedAtLastStep >= 0) {
                boolean kill = members.count() > MEMBERS || (members.count() == MEMBERS && random.nextBoolean());
                if (kill) {
                    members.killOne(random);
                    kills++;
                } else {
                    members.start();
                    additions++;
                }
            }
            committedAtLastStep = committed;
            nextStepAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000 + random.nextInt(2_000));
        }
    }

    /** What the members printed: duplicates and records nobody processed. */
    private record Processed(long total, long duplicates, Map<TopicPartition, Long> missing) {
    }

    /**
     * The group's member processes, each writing what it processed to a file of its own (which keeps everything a
     * killed member wrote before it died). Not thread-safe: the test thread drives it.
     */
    private static final class Members {
        private final String bootstrapServers;
        private final String group;
        private final String topic;
        private final String groupProtocol;
        private final Path dir;
        private final List<Process> alive = new ArrayList<>();
        private final List<Path> outputs = new ArrayList<>();

        Members(String bootstrapServers, String group, String topic, String groupProtocol, Path dir) {
            this.bootstrapServers = bootstrapServers;
            this.group = group;
            this.topic = topic;
            this.groupProtocol = groupProtocol;
            this.dir = dir;
        }

        void start() throws IOException {
            Path output = dir.resolve("member-" + outputs.size() + ".out");
            outputs.add(output);
            alive.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), ChurnConsumerProcess.class.getName(),
                    bootstrapServers, group, topic, groupProtocol, Integer.toString(SESSION_TIMEOUT_MS),
                    Integer.toString(PROCESSING_MICROS))
                    .redirectOutput(output.toFile())
                    .redirectError(dir.resolve("member-" + (outputs.size() - 1) + ".err").toFile())
                    .start());
        }

        int count() {
            return alive.size();
        }

        void killOne(Random random) throws InterruptedException {
            Process victim = alive.remove(random.nextInt(alive.size()));
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        void killAll() throws InterruptedException {
            while (!alive.isEmpty()) {
                alive.remove(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        Processed processed(Map<TopicPartition, Long> ends) throws IOException {
            Map<Integer, BitSet> seen = new HashMap<>();
            long total = 0;
            long duplicates = 0;
            for (Path output : outputs) {
                for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                    if (!line.startsWith("PROCESSED ")) {
                        continue;
                    }
                    String[] parts = line.split(" ");
                    int first = Integer.parseInt(parts[2]);
                    int last = Integer.parseInt(parts[3]);
                    BitSet bits = seen.computeIfAbsent(Integer.parseInt(parts[1]), p -> new BitSet());
                    duplicates += bits.get(first, last + 1).cardinality();
                    bits.set(first, last + 1);
                    total += last + 1 - first;
                }
            }
            Map<TopicPartition, Long> missing = new HashMap<>();
            ends.forEach((tp, end) -> {
                BitSet bits = seen.getOrDefault(tp.partition(), new BitSet());
                long absent = end - bits.get(0, end.intValue()).cardinality();
                if (absent > 0) {
                    missing.put(tp, absent);
                }
            });
            return new Processed(total, duplicates, missing);
        }
    }
}
