package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16's acceptance of share groups (KIP-932) on three Payara Micro nodes, with Kafka 4.4's own
 * {@link KafkaShareConsumer} acknowledging explicitly and committing with {@code commitSync()}, on topics replicated
 * three times ({@code min.insync.replicas=2}) and groups set to {@code share.auto.offset.reset=earliest}:
 * <ol>
 *     <li>eight consumers of one group on a two-partition topic accept all of 100,000 records between them, each of
 *     them getting records, all eight within the same two seconds;</li>
 *     <li>a record one consumer released is delivered to another, with its delivery count raised;</li>
 *     <li>a record released on every delivery is archived after its fifth ({@code share.delivery.count.limit}), and
 *     one rejected is archived at once, while the records after them go on;</li>
 *     <li>after a kill -9 of a partition's leader mid-consumption, no record whose acceptance a {@code commitSync()}
 *     confirmed is delivered again, and every record produced is accepted.</li>
 * </ol>
 * Every scenario also checks that no record confirmed accepted or rejected is ever delivered again. The kill comes
 * last, as it leaves the cluster with two nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShareGroupClusterIT {

    private static final int NODES = 3;
    private static final int LOAD_RECORDS = 100_000;
    private static final int LOAD_CONSUMERS = 8;
    private static final int DELIVERY_COUNT_LIMIT = 5;
    private static final Duration ALL_AT_ONCE = Duration.ofSeconds(2);
    private static final int FAILOVER_CONSUMERS = 4;
    private static final int FAILOVER_RECORDS_PER_SECOND = 2_000;
    private static final int ACCEPTED_BEFORE_KILL = 5_000;

    private static PartitaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        // A short lag bound lets the ISR drop the killed node quickly, so acks=all producing carries on with two replicas.
        cluster = PartitaCluster.start(NODES, Map.of("PARTITA_REPLICA_LAG_TIME_MAX_MS", "5000"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (admin != null) admin.close(Duration.ofSeconds(10));
        } finally {
            if (cluster != null) cluster.close();
        }
    }

    @Test
    @Order(1)
    void eightConsumersAcceptEveryOneOfOneHundredThousandRecordsWorkingAllAtOnce() throws Exception {
        Share share = Share.prepare("load", 2);
        ShareLedger ledger = share.ledger();
        List<ShareWorker> workers = share.startWorkers(LOAD_CONSUMERS, record -> AcknowledgeType.ACCEPT);
        List<String> names = workers.stream().map(ShareWorker::name).toList();
        long started = System.nanoTime();
        try {
            // Produced once every consumer holds a partition, so that all of them can take part from the first record.
            awaitMembersAssigned(share.group(), LOAD_CONSUMERS);
            List<String> values = IntStream.range(0, LOAD_RECORDS).mapToObj(Integer::toString).toList();
            share.produce(values);
            await("every record accepted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ledger.acceptedCount() >= LOAD_RECORDS);
            assertThat(ledger.accepted()).as("values accepted").containsExactlyInAnyOrderElementsOf(values);
        } finally {
            workers.forEach(ShareWorker::close);
            System.out.printf("8 share consumers, %d records in %.1f s: %s%n", LOAD_RECORDS,
                    (System.nanoTime() - started) / 1e9, ledger.summary());
        }
        assertNoneDoneDeliveredAgain(ledger, new SoftAssertions());
        assertThat(ledger.deliveriesByConsumer()).as("deliveries by consumer").containsOnlyKeys(names);
        Optional<Duration> span = ledger.shortestSpanWithRecordsFor(names);
        System.out.println("all 8 consumers got records within " + span.map(Duration::toMillis).orElse(-1L) + " ms");
        assertThat(span).as("the shortest time in which all 8 consumers got records").hasValueSatisfying(
                duration -> assertThat(duration).isLessThanOrEqualTo(ALL_AT_ONCE));
    }

    @Test
    @Order(2)
    void aRecordOneConsumerReleasedIsDeliveredToAnotherWithAHigherDeliveryCount() throws Exception {
        Share share = Share.prepare("release", 1);
        share.produce(List.of("hand-over"));
        ShareLedger ledger = share.ledger();
        // The releasing consumer stays in the group, connected and idle, so the record can only come back through the
        // broker handing it to the other one.
        try (KafkaShareConsumer<String, String> releasing = ShareWorker.consumer("releasing", cluster.bootstrapServers(), share.group())) {
            releasing.subscribe(List.of(share.topic()));
            AtomicReference<ConsumerRecord<String, String>> got = new AtomicReference<>();
            await("the first consumer gets the record").atMost(Duration.ofMinutes(1)).until(() -> {
                ConsumerRecords<String, String> records = releasing.poll(Duration.ofMillis(500));
                records.forEach(got::set);
                return got.get() != null;
            });
            ConsumerRecord<String, String> record = got.get();
            releasing.acknowledge(record, AcknowledgeType.RELEASE);
            Map<TopicIdPartition, Optional<KafkaException>> released = releasing.commitSync();
            assertThat(released.values()).as("the release's commit").containsExactly(Optional.empty());
            ledger.delivered(ShareLedger.Delivery.of("releasing", record, AcknowledgeType.RELEASE, System.nanoTime()));

            try (ShareWorker accepting = ShareWorker.start("accepting", cluster.bootstrapServers(), share.group(),
                    share.topic(), r -> AcknowledgeType.ACCEPT, ledger)) {
                await("the record accepted by the other consumer").atMost(Duration.ofMinutes(1))
                        .until(() -> ledger.accepted().contains("hand-over"));
            }
        } finally {
            System.out.println("release to another consumer: " + ledger.summary());
        }
        assertThat(ledger.deliveriesOf("hand-over"))
                .extracting(ShareLedger.Delivery::consumer, ShareLedger.Delivery::deliveryCount, ShareLedger.Delivery::acknowledgement)
                .containsExactly(
                        tuple("releasing", 1, AcknowledgeType.RELEASE),
                        tuple("accepting", 2, AcknowledgeType.ACCEPT));
    }

    @Test
    @Order(3)
    void aRecordReleasedOnEveryDeliveryIsArchivedAfterTheFifthAndARejectedOneAtOnce() throws Exception {
        Share share = Share.prepare("poison", 1);
        List<String> before = values("before-", 100);
        List<String> after = values("after-", 100);
        List<String> head = new ArrayList<>(before);
        head.add("poison");
        head.add("reject-me");
        head.addAll(after);
        share.produce(head);
        ShareLedger ledger = share.ledger();
        Function<ConsumerRecord<String, String>, AcknowledgeType> policy = record -> switch (record.value()) {
            case "poison" -> AcknowledgeType.RELEASE;
            case "reject-me" -> AcknowledgeType.REJECT;
            default -> AcknowledgeType.ACCEPT;
        };
        List<ShareWorker> workers = share.startWorkers(2, policy);
        try {
            await("the records around the poison accepted, the poison delivered " + DELIVERY_COUNT_LIMIT + " times")
                    .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() ->
                            ledger.accepted().containsAll(before) && ledger.accepted().containsAll(after)
                                    && ledger.deliveriesOf("poison").size() >= DELIVERY_COUNT_LIMIT);
            // A share partition hands out its lowest available offsets first: had the poison become available again,
            // it would come with these later records, which are fetched only now.
            List<String> tail = values("tail-", 100);
            share.produce(tail);
            await("the records after the archived ones accepted").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(300)).until(() -> ledger.accepted().containsAll(tail));
        } finally {
            workers.forEach(ShareWorker::close);
            System.out.println("delivery count limit: " + ledger.summary());
        }
        assertThat(ledger.deliveriesOf("poison")).as("the poison record's deliveries")
                .extracting(ShareLedger.Delivery::deliveryCount).containsExactly(1, 2, 3, 4, 5);
        assertThat(ledger.deliveriesOf("reject-me")).as("the rejected record's deliveries")
                .extracting(ShareLedger.Delivery::deliveryCount).containsExactly(1);
        assertNoneDoneDeliveredAgain(ledger, new SoftAssertions());
    }

    /**
     * Records acquired but not yet acknowledged when the leader dies may come again (at-least-once); records whose
     * acceptance was confirmed may not, and none may be skipped. The producer streams throughout, so the new leader
     * gets records of its own too.
     */
    @Test
    @Order(4)
    void noConfirmedRecordComesAgainAndNoneIsLostWhenThePartitionLeaderIsKilled() throws Exception {
        Share share = Share.prepare("failover", 2);
        String topic = share.topic();
        ShareLedger ledger = share.ledger();
        SoftAssertions softly = new SoftAssertions();
        try (SequenceProducer producer = new SequenceProducer(cluster.bootstrapServers(), topic, 2, FAILOVER_RECORDS_PER_SECOND)) {
            List<ShareWorker> workers = share.startWorkers(FAILOVER_CONSUMERS, record -> AcknowledgeType.ACCEPT);
            try {
                await("records accepted before the kill").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> ledger.acceptedCount() >= ACCEPTED_BEFORE_KILL);
                int leader = leaderOf(topic, 0).orElseThrow();
                int acceptedAtKill = ledger.acceptedCount();
                long killedAt = System.nanoTime();
                cluster.node(leader).killHard();
                await("a new leader of partition 0").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                        .until(() -> leaderOf(topic, 0).filter(id -> id != leader).isPresent());
                await("records produced to both partitions after the kill").atMost(Duration.ofMinutes(2))
                        .until(() -> producer.ackedOnEveryPartitionSince(killedAt));
                producer.stop(Duration.ofSeconds(30));
                Set<String> produced = producer.acks().stream().map(ack -> Long.toString(ack.value())).collect(Collectors.toSet());
                System.out.printf("killed node %d (leader of %s-0) with %d records accepted; %d records produced in all%n",
                        leader, topic, acceptedAtKill, produced.size());
                // A record accepted in a commit the dead leader never answered may be done without a confirmation;
                // if it is not, it is delivered again and accepted with a confirmation.
                try {
                    await("every produced record accepted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                            .until(() -> unaccepted(produced, ledger).isEmpty());
                } catch (ConditionTimeoutException e) {
                    // Reported below with the records it names, beside the redeliveries.
                }
                Set<String> lost = unaccepted(produced, ledger);
                softly.assertThat(lost.size()).as("records produced (acks=all) but never accepted, e.g. %s",
                        lost.stream().limit(10).toList()).isZero();
                softly.assertThat(producer.failed()).as("records the producer failed to send").isZero();
            } finally {
                workers.forEach(ShareWorker::close);
                System.out.println("leader kill: " + ledger.summary());
            }
        }
        assertNoneDoneDeliveredAgain(ledger, softly);
    }

    /**
     * No record was delivered after a {@code commitSync()} confirmed its acceptance or rejection; with what {@code softly}
     * gathered already.
     */
    private static void assertNoneDoneDeliveredAgain(ShareLedger ledger, SoftAssertions softly) {
        List<ShareLedger.Redelivery> redeliveries = ledger.redeliveries();
        softly.assertThat(redeliveries.size()).as("deliveries of records a commitSync had confirmed done, e.g. %s",
                redeliveries.stream().limit(3).toList()).isZero();
        softly.assertAll();
    }

    /**
     * A scenario's topic (three replicas, {@code min.insync.replicas=2}), its share group, which starts each partition
     * at its beginning ({@code kafka-configs --entity-type groups}) so that records produced before its consumers
     * joined are delivered too, and the ledger of its consumers.
     */
    private record Share(String topic, int partitions, String group, ShareLedger ledger) {

        /** Creates topic {@code share.<name>}, waiting until every replica is in sync, and sets up the group. */
        static Share prepare(String name, int partitions) throws Exception {
            Share share = new Share("share." + name, partitions, "share-it-" + name, new ShareLedger());
            // Set first: every node learns a group config within a metadata poll, and a leader that fetches for the
            // group before it has learnt it starts the group at the latest offset, past the records produced below.
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, share.group), List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all().get();
            admin.createTopics(List.of(new NewTopic(share.topic, partitions, (short) NODES)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            await("every replica of " + share.topic + " in sync").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> admin.describeTopics(List.of(share.topic))
                            .allTopicNames().get().get(share.topic).partitions().stream().allMatch(p -> p.isr().size() == NODES));
            return share;
        }

        /** Starts consumers {@code share-0 .. share-<count-1>} of the group, acknowledging as {@code policy} says. */
        List<ShareWorker> startWorkers(int count, Function<ConsumerRecord<String, String>, AcknowledgeType> policy) {
            return IntStream.range(0, count).mapToObj(i -> ShareWorker.start("share-" + i, cluster.bootstrapServers(),
                    group, topic, policy, ledger)).toList();
        }

        /** Sends {@code values} round-robin over the partitions with an idempotent acks=all producer, all acknowledged. */
        void produce(List<String> values) {
            AtomicInteger failed = new AtomicInteger();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < values.size(); i++) {
                    producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i)), (metadata, error) -> {
                        if (error != null) failed.incrementAndGet();
                    });
                }
                producer.flush();
            }
            assertThat(failed).as("records of %s not acknowledged", topic).hasValue(0);
        }
    }

    /** The produced records no consumer accepted, confirmed or not. */
    private static Set<String> unaccepted(Set<String> produced, ShareLedger ledger) {
        Set<String> unaccepted = new TreeSet<>(produced);
        unaccepted.removeAll(ledger.accepted());
        unaccepted.removeAll(ledger.acceptedUnconfirmed());
        return unaccepted;
    }

    private static void awaitMembersAssigned(String group, int members) {
        await(members + " members of " + group + " with partitions").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                // The group exists once its first member's heartbeat reached the coordinator.
                .ignoreExceptionsMatching(e -> e.getCause() instanceof GroupIdNotFoundException).until(() -> {
                    ShareGroupDescription described = admin.describeShareGroups(List.of(group)).all().get().get(group);
                    return described.members().size() == members && described.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                });
    }

    private static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static Optional<Integer> leaderOf(String topic, int partition) throws Exception {
        TopicPartitionInfo info = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(partition);
        return Optional.ofNullable(info.leader()).filter(node -> !node.isEmpty()).map(Node::id);
    }
}
