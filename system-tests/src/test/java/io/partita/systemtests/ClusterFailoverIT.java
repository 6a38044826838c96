package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Payara Micro nodes in one cluster keep every acknowledged record of an idempotent acks=all stream while the
 * leader of partition 0 is killed with SIGKILL and restarted three times; Kafka's own {@code kafka-topics.sh
 * --describe} shows the killed node leave every leadership and ISR, keep its replicas, and rejoin every ISR when it
 * returns; with two of three nodes down (no metadata quorum), no acks=all record is acknowledged and the survivor
 * fences itself (NOT_LEADER_OR_FOLLOWER).
 */
class ClusterFailoverIT {

    private static final String TOPIC = "replicated.stream";
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 500_000;
    private static final int KILLS = 3;
    private static final int ROUND = RECORDS / (KILLS + 1);
    private static final String PROBE_KEY = "probe";
    private static final TopicPartition PARTITION_0 = new TopicPartition(TOPIC, 0);

    private PartitaCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    void acknowledgedRecordsSurviveLeaderKillsAndTwoDeadNodesStopAcksAll() throws Exception {
        // A short lag bound lets the ISR drop a dead follower quickly, so acks=all carries on with two replicas.
        cluster = PartitaCluster.start(3, Map.of("PARTITA_REPLICA_LAG_TIME_MAX_MS", "5000"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            awaitFullIsr(admin);
            List<List<Integer>> replicas = awaitKafkaTopicsDescribe("every replica in sync", 1,
                    ClusterFailoverIT::assertFullIsr).partitions().stream().map(p -> ids(p.get("Replicas"))).toList();

            try (SequenceStream stream = new SequenceStream(cluster.bootstrapServers())) {
                for (int round = 1; round <= KILLS; round++) {
                    int kill = round;
                    stream.allow(ROUND);
                    int sentBefore = (kill - 1) * ROUND;
                    await("records acknowledged before kill " + kill).atMost(Duration.ofMinutes(2))
                            .until(() -> stream.acknowledged() >= sentBefore + ROUND / 4);
                    int leader = leaderOf(admin, PARTITION_0).orElseThrow();
                    long killedAt = System.nanoTime();
                    cluster.node(leader).killHard();
                    int newLeader = awaitServingLeader(admin, leader);
                    System.out.printf("failover %d: leader of %s moved from node %d to node %d, served after %d ms%n",
                            kill, PARTITION_0, leader, newLeader, (System.nanoTime() - killedAt) / 1_000_000);
                    int survivor = leader % 3 + 1;
                    awaitKafkaTopicsDescribe("node " + leader + " out of every leadership and ISR", survivor,
                            described -> assertNodeOut(described, leader, replicas));
                    await("records of round " + kill + " acknowledged").atMost(Duration.ofMinutes(3))
                            .until(() -> stream.acknowledged() + stream.failures() >= kill * ROUND);
                    cluster.node(leader).restart();
                    awaitFullIsr(admin);
                    awaitKafkaTopicsDescribe("node " + leader + " back in every ISR", survivor, described -> {
                        assertFullIsr(described);
                        assertThat(described.partitions()).extracting(p -> ids(p.get("Replicas"))).isEqualTo(replicas);
                    });
                }
                stream.allow(RECORDS - KILLS * ROUND);
                await("every record acknowledged").atMost(Duration.ofMinutes(3))
                        .until(() -> stream.acknowledged() + stream.failures() >= RECORDS);
                assertThat(stream.firstFailure()).as("a send failed").isNull();
                assertEveryAcknowledgedRecordOnceAndInOrder(stream);
            }

            List<Integer> stopped = List.of(2, 3);
            stopped.forEach(id -> cluster.node(id).killHard());
            assertAcksAllNeverAcknowledgedAndTheSurvivorFencesItself();
            System.out.println("with nodes " + stopped + " down:\n" + String.join("\n", kafkaTopicsDescribe(1).lines()));
        }
    }

    private void assertEveryAcknowledgedRecordOnceAndInOrder(SequenceStream stream) {
        boolean[] seen = new boolean[RECORDS];
        long[] lastSequence = new long[PARTITIONS];
        Arrays.fill(lastSequence, -1);
        int read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) partitions.add(new TopicPartition(TOPIC, p));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            assertThat(ReadBack.toEnds(consumer, ends, Duration.ofMinutes(3), records::add))
                    .as("every partition read to its end within 3 min").isTrue();
            for (ConsumerRecord<String, String> r : records) {
                if (PROBE_KEY.equals(r.key())) continue;
                int sequence = Integer.parseInt(r.value());
                assertThat(seen[sequence]).as("record %d read twice (partition %d offset %d)", sequence, r.partition(), r.offset()).isFalse();
                seen[sequence] = true;
                assertThat(sequence).as("order in partition %d at offset %d", r.partition(), r.offset())
                        .isGreaterThan((int) lastSequence[r.partition()]);
                lastSequence[r.partition()] = sequence;
                assertThat(stream.partitionOf(sequence)).as("partition of record %d", sequence).isEqualTo(r.partition());
                assertThat(stream.offsetOf(sequence)).as("offset of record %d", sequence).isEqualTo(r.offset());
                read++;
            }
        }
        for (int sequence = 0; sequence < RECORDS; sequence++) {
            if (stream.offsetOf(sequence) >= 0) assertThat(seen[sequence]).as("acknowledged record %d read back", sequence).isTrue();
        }
        System.out.printf("%d records acknowledged, %d read back, no duplicates, order kept per partition%n",
                stream.acknowledged(), read);
    }

    /**
     * With two of three nodes down the metadata quorum is lost: node 1 can shrink no ISR, so no acks=all record is
     * acknowledged, and once its lease expires it names no leader for partition 0 (as a KRaft broker cut off from its
     * controllers is fenced): clients wait for a leader instead of writing.
     */
    private void assertAcksAllNeverAcknowledgedAndTheSurvivorFencesItself() throws Exception {
        try (Admin survivor = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(1).bootstrapServer()));
             KafkaProducer<String, String> probe = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(1).bootstrapServer(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.RETRIES_CONFIG, 0,
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                     ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000), new StringSerializer(), new StringSerializer())) {
            Future<RecordMetadata> refused = probe.send(new ProducerRecord<>(TOPIC, 0, PROBE_KEY, "refused"));
            await("node 1 names no leader of " + PARTITION_0).atMost(Duration.ofMinutes(1))
                    .until(() -> leaderOf(survivor, PARTITION_0).isEmpty());
            assertThat(refused).as("an acks=all record with two of three nodes down").failsWithin(Duration.ofSeconds(30));
        }
    }

    /** Waits until a node other than {@code killed} leads partition 0 and accepts a record there. */
    private int awaitServingLeader(Admin admin, int killed) {
        AtomicInteger leader = new AtomicInteger(-1);
        try (KafkaProducer<String, String> probe = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000), new StringSerializer(), new StringSerializer())) {
            await("a new leader of " + PARTITION_0).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        leader.set(leaderOf(admin, PARTITION_0).orElse(-1));
                        return leader.get() >= 0 && leader.get() != killed;
                    });
            // The partition is served once it accepts a record; the reader skips these probes by their key.
            probe.send(new ProducerRecord<>(TOPIC, 0, PROBE_KEY, "served")).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("partition 0 not served after the kill", e);
        }
        return leader.get();
    }

    private static void awaitFullIsr(Admin admin) {
        await("every replica in sync").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> describeTopic(admin).partitions().stream().allMatch(p -> p.isr().size() == 3));
    }

    private static Optional<Integer> leaderOf(Admin admin, TopicPartition tp) throws Exception {
        TopicPartitionInfo info = describeTopic(admin).partitions().get(tp.partition());
        return Optional.ofNullable(info.leader()).filter(n -> !n.isEmpty()).map(Node::id);
    }

    private static org.apache.kafka.clients.admin.TopicDescription describeTopic(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    /** {@code kafka-topics.sh --describe --topic TOPIC} against node {@code viaNode}, which must be alive. */
    private ToolRun kafkaTopicsDescribe(int viaNode) {
        ToolRun run = new KafkaTools(cluster.node(viaNode).bootstrapServer()).run(KafkaTools.TOPICS, "--describe", "--topic", TOPIC);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    /**
     * Runs {@code kafka-topics.sh --describe} through node {@code viaNode} until its output passes {@code check}
     * (the node learns leaders and ISRs through entry listeners, so a change shows there after a while), prints the
     * output and returns it parsed.
     */
    private TopicDescription awaitKafkaTopicsDescribe(String what, int viaNode, Consumer<TopicDescription> check) {
        AtomicReference<ToolRun> last = new AtomicReference<>();
        await("kafka-topics.sh --describe shows " + what).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    last.set(kafkaTopicsDescribe(viaNode));
                    TopicDescription described = TopicDescription.parse(last.get().lines());
                    assertThat(described.partitions()).as(last.get().stdout()).hasSize(PARTITIONS);
                    check.accept(described);
                });
        System.out.println("kafka-topics.sh --describe, " + what + ":\n" + last.get().stdout());
        return TopicDescription.parse(last.get().lines());
    }

    private static void assertFullIsr(TopicDescription described) {
        for (Map<String, String> p : described.partitions()) {
            assertThat(ids(p.get("Replicas"))).as("replicas of %s", p).hasSize(3);
            assertThat(ids(p.get("Isr"))).as("ISR of %s", p).containsExactlyInAnyOrderElementsOf(ids(p.get("Replicas")));
            assertThat(ids(p.get("Isr"))).as("leader of %s in its ISR", p).contains(Integer.parseInt(p.get("Leader")));
        }
    }

    /** The dead node leads nothing and is in no ISR, yet stays a replica (replicas move only by reassignment). */
    private static void assertNodeOut(TopicDescription described, int dead, List<List<Integer>> replicas) {
        for (Map<String, String> p : described.partitions()) {
            assertThat(p.get("Leader")).as("leader of %s", p).isNotEqualTo(String.valueOf(dead)).isNotEqualTo("none");
            assertThat(ids(p.get("Isr"))).as("ISR of %s", p).doesNotContain(dead)
                    .contains(Integer.parseInt(p.get("Leader")));
            assertThat(ids(p.get("Replicas"))).as("replicas of %s", p)
                    .isEqualTo(replicas.get(Integer.parseInt(p.get("Partition"))));
        }
    }

    /** The node ids of a {@code Replicas: 1,2,3} or {@code Isr: 2,3} field. */
    private static List<Integer> ids(String field) {
        return field == null || field.isBlank() ? List.of() : Arrays.stream(field.split(",")).map(Integer::valueOf).toList();
    }

    /**
     * Sends records whose values are 0, 1, 2, ... from one thread with an idempotent acks=all producer, as many as
     * {@link #allow(int)} permits, and remembers where each acknowledged record landed.
     */
    private static final class SequenceStream implements AutoCloseable {

        private final KafkaProducer<String, String> producer;
        private final Semaphore permits = new Semaphore(0);
        private final int[] partitions = new int[RECORDS];
        private final long[] offsets = new long[RECORDS];
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        private final Thread sender;

        SequenceStream(String bootstrapServers) {
            Arrays.fill(offsets, -1);
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000), new StringSerializer(), new StringSerializer());
            sender = new Thread(this::send, "sequence-stream");
            sender.start();
        }

        void allow(int records) {
            permits.release(records);
        }

        int acknowledged() {
            return acknowledged.get();
        }

        int failures() {
            return failures.get();
        }

        Exception firstFailure() {
            return firstFailure.get();
        }

        int partitionOf(int sequence) {
            return partitions[sequence];
        }

        long offsetOf(int sequence) {
            return offsets[sequence];
        }

        private void send() {
            try {
                for (int i = 0; i < RECORDS; i++) {
                    permits.acquire();
                    int sequence = i;
                    producer.send(new ProducerRecord<>(TOPIC, null, Integer.toString(sequence)), (metadata, error) -> {
                        if (error == null) {
                            partitions[sequence] = metadata.partition();
                            offsets[sequence] = metadata.offset();
                            acknowledged.incrementAndGet();
                        } else {
                            firstFailure.compareAndSet(null, error);
                            failures.incrementAndGet();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            sender.interrupt();
            sender.join();
            producer.close(Duration.ofSeconds(10));
        }
    }
}
