package io.partita.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.systemtests.raapp.BatchIndexListener;
import io.partita.systemtests.raapp.KeyOrderedListener;
import io.partita.systemtests.raapp.ExpiredCardException;
import io.partita.systemtests.raapp.HealthListener;
import io.partita.systemtests.raapp.OrderConfirmationListener;
import io.partita.systemtests.raapp.RaTestApplication;
import io.partita.systemtests.raapp.RequestReplyResource;
import io.partita.systemtests.raapp.RetryingListener;
import io.partita.systemtests.raapp.RoutingListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The resource adapter as applications use it, on one node started by {@code bin/partita} with a test application
 * ({@link io.partita.systemtests.raapp}) and the orders example deployed: a bean producing through the connection
 * factory, message-driven beans consuming with several consumers, retries and a dead-letter topic, a typed bean
 * receiving JSON-B objects (malformed records dead-lettered) and a typed batch bean, key-ordered lanes on one partition (through a kill of the
 * node, last), a batch naming its failed record, request-reply between a REST call and a bean, trace context carried
 * from a delivered record to what its bean sends, a routed bean taking two topics and two record types on its methods
 * (an unknown type dead-lettered), and the example's REST round trip (an invalid order dead-lettered without
 * retries), and that
 * kafka-clients inside the adapter logs into the node's log. Topics are created on first use (3 partitions) by the
 * node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceAdapterIT {

    private static final int BULK_RECORDS = 10_000;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(180);
    /** Where node 1 reads the replies to its requests. */
    private static final String REPLY_TOPIC = "partita.replies.1";

    private static PartitaNodeProcess node;
    private static Path testWar;
    private static Admin admin;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startNodeWithApplications() {
        testWar = TestWar.of("ra-test-app", RaTestApplication.class);
        Path orders = Path.of(BuildSettings.required("partita.example.orders"));
        node = PartitaNodeProcess.start(1, List.of(testWar, orders),
                Map.of("PARTITA_AUTO_CREATE_TOPICS_ENABLE", "true", "PARTITA_NUM_PARTITIONS", "3"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer()));
    }

    @AfterAll
    static void stopNode() {
        try {
            if (admin != null) admin.close();
        } finally {
            if (node != null) node.close();
            if (testWar != null) Directories.deleteRecursively(testWar.getParent());
        }
    }

    @Test
    @Order(1)
    void beanSendsTenThousandRecordsThroughTheConnectionFactoryAndAllAreAcknowledged() throws Exception {
        String answer = post("/ra-test-app/produce?topic=" + RaTestApplication.BULK_TOPIC + "&count=" + BULK_RECORDS
                + "&prefix=bulk", "");

        assertThat(answer).isEqualTo("acknowledged=10000 failed=0 callbacks=5000 partitions=[0, 1, 2]");
        assertThat(get("/ra-test-app/partitions/" + RaTestApplication.BULK_TOPIC)).isEqualTo("3");
        assertThat(endOffsets(RaTestApplication.BULK_TOPIC).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(BULK_RECORDS);
    }

    @Test
    @Order(2)
    void beanWithConcurrencyThreeReceivesEveryRecordAndCommitsAfterDelivery() throws Exception {
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(received("bulk")).hasSize(BULK_RECORDS));
        assertThat(received("bulk").keySet()).containsAll(
                IntStream.range(0, BULK_RECORDS).mapToObj(i -> "bulk-" + i).toList());
        assertThat(get("/ra-test-app/threads/bulk")).as("poll threads that delivered").isEqualTo("3");

        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("ra-bulk")).all().get().get("ra-bulk");
        assertThat(group.members()).hasSize(3);
        assertThat(group.members()).extracting(m -> m.assignment().topicPartitions().size()).containsOnly(1);
        assertThat(group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                .map(TopicPartition::partition).sorted().toList()).containsExactly(0, 1, 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(committed("ra-bulk")).isEqualTo(endOffsets(RaTestApplication.BULK_TOPIC)));
    }

    @Test
    @Order(3)
    void failingRecordsAreRetriedThenDeadLetteredWhileTheRestFlowOn() throws Exception {
        List<String> values = IntStream.range(0, 20).mapToObj(i -> i % 7 == 3 ? "poison-" + i : "ok-" + i).toList();
        List<RecordMetadata> written = produce(RaTestApplication.FLAKY_TOPIC, values);
        Map<String, Long> offsets = new HashMap<>();
        for (int i = 0; i < values.size(); i++) offsets.put(values.get(i), written.get(i).offset());

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() ->
                assertThat(committed("ra-flaky")).containsEntry(new TopicPartition(RaTestApplication.FLAKY_TOPIC, 0), 20L));
        Map<String, Integer> deliveries = received("flaky");
        assertThat(deliveries).containsOnlyKeys(values);
        // 1 delivery + retryAttempts=2 for each poison record; the others went through at their first delivery
        values.forEach(v -> assertThat(deliveries.get(v)).as(v).isEqualTo(v.startsWith("poison") ? 3 : 1));

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(RaTestApplication.FLAKY_DEAD_LETTERS, 3);
        assertThat(dead).extracting(r -> text(r.value())).containsExactlyInAnyOrder("poison-3", "poison-10", "poison-17");
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            String value = text(record.value());
            assertThat(headers(record)).containsEntry("partita.dlt.original.topic", RaTestApplication.FLAKY_TOPIC)
                    .containsEntry("partita.dlt.original.partition", "0")
                    .containsEntry("partita.dlt.original.offset", String.valueOf(offsets.get(value)))
                    .containsEntry("partita.dlt.group", "ra-flaky")
                    .containsEntry("partita.dlt.reason", "DELIVERY_FAILED")
                    .containsEntry("partita.dlt.delivery.attempts", "3")
                    .containsEntry("partita.dlt.exception.class", IllegalStateException.class.getName())
                    .containsEntry("partita.dlt.exception.message", "cannot digest " + value);
        }
    }

    @Test
    @Order(4)
    void failedBatchIsRedeliveredRecordByRecordSoOnlyThePoisonIsDeadLettered() throws Exception {
        List<String> values = IntStream.range(0, 10).mapToObj(i -> i == 5 ? "poison-5" : "ok-" + i).toList();
        produce(RaTestApplication.BATCH_TOPIC, values);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() ->
                assertThat(committed("ra-batch")).containsEntry(new TopicPartition(RaTestApplication.BATCH_TOPIC, 0), 10L));
        // The one poll failed as a batch twice (1 + retryAttempts=1), then each record went alone: once for the
        // good ones, twice for the poison before it was dead-lettered.
        Map<String, Integer> deliveries = received("batch");
        assertThat(deliveries).containsOnlyKeys(values);
        values.forEach(v -> assertThat(deliveries.get(v)).as(v).isEqualTo(v.startsWith("poison") ? 4 : 3));

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(RaTestApplication.BATCH_DEAD_LETTERS, 1);
        assertThat(dead).extracting(r -> text(r.value())).containsExactly("poison-5");
        assertThat(headers(dead.get(0))).containsEntry("partita.dlt.delivery.attempts", "2")
                .containsEntry("partita.dlt.original.offset", "5");
    }

    @Test
    @Order(5)
    void withoutDeadLetterTopicAFailingRecordIsDeliveredAgainUntilItSucceedsAndNothingAfterItIsSkipped()
            throws Exception {
        produce(RaTestApplication.STUBBORN_TOPIC, List.of("plain-0", "stubborn-1", "plain-2"));

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(committed("ra-stubborn"))
                .containsEntry(new TopicPartition(RaTestApplication.STUBBORN_TOPIC, 0), 3L));
        // 4 failures (more than 1 + retryAttempts=1) then success; the record after it was held back until then,
        // so it was delivered exactly once.
        assertThat(received("stubborn")).containsOnly(entry("plain-0", 1), entry("stubborn-1", 5), entry("plain-2", 1));
    }

    @Test
    @Order(6)
    void ordersExamplePlacesAnOrderItsListenerReceivesAndDeadLettersAnInvalidOneAtOnce() throws Exception {
        String placed = post("/orders/?id=order-1", "application/json", "{\"item\":\"book\",\"quantity\":2}");
        post("/orders/?id=order-0", "application/json", "{\"item\":\"book\",\"quantity\":0}");

        assertThat(placed).contains("\"id\":\"order-1\"").contains("\"topic\":\"orders\"");
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(get("/orders/received"))
                .contains("\"id\":\"order-1\"").contains("\"order\":{\"item\":\"book\",\"quantity\":2}"));
        List<ConsumerRecord<byte[], byte[]>> dead = readAll("orders.dlt", 1);
        assertThat(dead).hasSize(1);
        assertThat(text(dead.get(0).key())).isEqualTo("order-0");
        assertThat(headers(dead.get(0))).containsEntry("partita.dlt.original.topic", "orders")
                .containsEntry("partita.dlt.reason", "NOT_RETRYABLE")
                .containsEntry("partita.dlt.delivery.attempts", "1")
                .containsEntry("partita.dlt.exception.class", "io.partita.examples.orders.InvalidOrderException");
        assertThat(get("/orders/received")).doesNotContain("order-0");
    }

    @Test
    @Order(7)
    void aKafkaClientWarningOfAnApplicationReachesTheNodeLog() throws Exception {
        String invalidTopic = "not a topic!";
        String answer = post("/ra-test-app/produce?topic=" + URLEncoder.encode(invalidTopic, StandardCharsets.UTF_8)
                + "&count=1&prefix=lost", "");

        assertThat(answer).startsWith("acknowledged=0 failed=1");
        // The producer inside the resource adapter logs the node's answer through SLF4J into Payara's log.
        Path log = node.dataDir().resolve("partita.log");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(log))
                .containsPattern("WARNING.*org\\.apache\\.kafka\\.clients\\.NetworkClient")
                .contains("reported a recoverable issue")
                .contains("{" + invalidTopic + "=INVALID_TOPIC_EXCEPTION}"));
        assertThat(Files.readString(log)).doesNotContain("No SLF4J providers were found");
    }

    @Test
    @Order(8)
    void aNodeKilledInTheMiddleOfConsumptionLosesNoRecord() throws Exception {
        int records = 20_000;
        assertThat(post("/ra-test-app/produce?topic=" + RaTestApplication.RELAY_TOPIC + "&count=" + records
                + "&prefix=relay", "")).startsWith("acknowledged=" + records + " failed=0");
        await("part of the records relayed").atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> total(endOffsets(RaTestApplication.RELAY_OUTPUT)) >= records / 10);

        long relayedBeforeKill = total(endOffsets(RaTestApplication.RELAY_OUTPUT));
        node.killHard();
        node.restart();

        await("every record relayed after the restart").atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> total(committed("ra-relay")) == records);
        List<ConsumerRecord<byte[], byte[]>> relayed = readAll(RaTestApplication.RELAY_OUTPUT,
                (int) total(endOffsets(RaTestApplication.RELAY_OUTPUT)));
        Map<String, Long> copies = relayed.stream().collect(Collectors.groupingBy(r -> text(r.value()), Collectors.counting()));
        assertThat(copies.keySet()).containsAll(IntStream.range(0, records).mapToObj(i -> "relay-" + i).toList());
        System.out.printf("restart mid-consumption: %d of %d relayed just before the kill, %d relayed twice, none lost%n",
                relayedBeforeKill, records, copies.values().stream().filter(n -> n > 1).count());
    }

    @Test
    @Order(9)
    void typedBeanReceivesTenThousandJsonOrdersAsObjectsWhileMalformedOnesGoToTheDeadLetterTopicUndelivered()
            throws Exception {
        List<String> malformed = RaTestApplication.MALFORMED_ORDERS;
        assertThat(post("/ra-test-app/orders?topic=" + RaTestApplication.TYPED_TOPIC + "&count=" + BULK_RECORDS, ""))
                .isEqualTo("acknowledged=" + (BULK_RECORDS + malformed.size()) + " failed=0");

        // Every order, the malformed records among them included, is consumed: no partition stopped at one.
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(committed("ra-typed")).isEqualTo(endOffsets(RaTestApplication.TYPED_TOPIC)));
        assertThat(total(endOffsets(RaTestApplication.TYPED_TOPIC))).isEqualTo(BULK_RECORDS + malformed.size());
        // id|item|quantity|key, as the bean read them from the Order objects and their contexts
        assertThat(received("typed").keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, BULK_RECORDS)
                .mapToObj(i -> "order-" + i + "|item-" + i + "|" + i + "|order-" + i).toList());

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(RaTestApplication.TYPED_DEAD_LETTERS, malformed.size());
        assertThat(dead).extracting(r -> text(r.value())).containsExactlyInAnyOrderElementsOf(malformed);
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            assertThat(text(record.key())).isEqualTo("bad-" + malformed.indexOf(text(record.value())));
            assertThat(headers(record)).containsEntry("partita.dlt.original.topic", RaTestApplication.TYPED_TOPIC)
                    .containsEntry("partita.dlt.group", "ra-typed")
                    .containsEntry("partita.dlt.reason", "VALUE_DESERIALIZATION_FAILED")
                    .containsEntry("partita.dlt.delivery.attempts", "0")
                    .hasEntrySatisfying("partita.dlt.exception.class", c -> assertThat(c).startsWith("jakarta.json"))
                    .hasEntrySatisfying("partita.dlt.exception.message", m -> assertThat(m).isNotBlank());
        }
    }

    @Test
    @Order(10)
    void typedBatchBeanReceivesWholePollsOfOrdersEachOnceWhileMalformedOnesGoToTheDeadLetterTopicBetweenBatches()
            throws Exception {
        int orders = 2_000;
        List<String> malformed = RaTestApplication.MALFORMED_ORDERS;
        assertThat(post("/ra-test-app/orders?topic=" + RaTestApplication.TYPED_BATCH_TOPIC + "&count=" + orders, ""))
                .isEqualTo("acknowledged=" + (orders + malformed.size()) + " failed=0");

        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(committed("ra-typed-batch")).isEqualTo(endOffsets(RaTestApplication.TYPED_BATCH_TOPIC)));
        Map<String, Integer> received = received("typed-batch");
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, orders)
                .mapToObj(i -> "order-" + i + "|item-" + i + "|" + i + "|order-" + i).toList());
        // The records after an unreadable one came with the next poll, not again.
        assertThat(received.values()).as("deliveries per order").containsOnly(1);
        Map<Integer, Integer> callsBySize = new HashMap<>();
        received("typed-batch-calls").forEach((size, calls) -> callsBySize.put(Integer.parseInt(size), calls));
        assertThat(callsBySize.entrySet().stream().mapToInt(e -> e.getKey() * e.getValue()).sum()).isEqualTo(orders);
        assertThat(callsBySize.keySet()).as("sizes of the calls").anyMatch(size -> size > 1);

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(RaTestApplication.TYPED_BATCH_DEAD_LETTERS, malformed.size());
        assertThat(dead).extracting(r -> text(r.value())).containsExactlyInAnyOrderElementsOf(malformed);
        assertThat(dead).allSatisfy(record -> assertThat(headers(record))
                .containsEntry("partita.dlt.group", "ra-typed-batch")
                .containsEntry("partita.dlt.reason", "VALUE_DESERIALIZATION_FAILED")
                .containsEntry("partita.dlt.delivery.attempts", "0"));
    }

    @Test
    @Order(100)
    void keyOrderedBeanRunsEightInstancesAtOnceOnOnePartitionAndKeepsEveryKeysOrderOverTwentyThousandRecords()
            throws Exception {
        int records = 20_000;
        createOnePartitionTopic(KeyOrderedListener.TOPIC);
        List<RecordMetadata> written = produce(KeyOrderedListener.TOPIC, keyedValues(records));
        TopicPartition partition = new TopicPartition(KeyOrderedListener.TOPIC, 0);

        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> Long.valueOf(records).equals(committed("ra-keyed").get(partition)));
        assertThat(get("/ra-test-app/key-ordered/overlap")).as("calls of the bean at once").isEqualTo("8");
        Map<String, Map<String, List<Long>>> runs = processedByKey(
                readAll(KeyOrderedListener.TOPIC + KeyOrderedListener.OUTPUT_SUFFIX, records));
        assertThat(runs).as("runs of the bean").hasSize(1);
        assertThat(runs.values().iterator().next()).as("what the bean processed, per key in its order")
                .isEqualTo(offsetsByKey(written));
    }

    @Test
    @Order(101)
    void aBatchFailureAtIndex37Of100CommitsThe37ThenRetriesTheFailedRecordAloneAndRedeliversTheRest() throws Exception {
        List<String> values = IntStream.range(0, 100).mapToObj(i -> i == 37 ? "poison-37" : "ok-" + i).toList();
        produce(BatchIndexListener.TOPIC, values);
        TopicPartition partition = new TopicPartition(BatchIndexListener.TOPIC, 0);

        await("37 committed while the failed record is retried").atMost(DELIVERY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Long.valueOf(37).equals(committed("ra-batch-index").get(partition)));
        await().atMost(DELIVERY_TIMEOUT).until(() -> Long.valueOf(100).equals(committed("ra-batch-index").get(partition)));
        // The batch, the failed record alone (1 + retryAttempts=2), the rest from the next poll.
        assertThat(received("batch-index-calls")).containsOnly(entry("0..99", 1), entry("37..37", 3), entry("38..99", 1));
        Map<String, Integer> processed = received("batch-index");
        assertThat(processed).containsOnlyKeys(values);
        values.forEach(v -> assertThat(processed.get(v)).as(v).isEqualTo(v.startsWith(RaTestApplication.POISON) ? 4 : 1));
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(BatchIndexListener.DEAD_LETTERS, 1);
        assertThat(dead).extracting(r -> text(r.value())).containsExactly("poison-37");
        assertThat(headers(dead.get(0))).containsEntry("partita.dlt.original.offset", "37")
                .containsEntry("partita.dlt.delivery.attempts", "3")
                .containsEntry("partita.dlt.exception.class", IllegalStateException.class.getName())
                .containsEntry("partita.dlt.exception.message", "cannot digest poison-37");
    }

    @Test
    @Order(900)
    void keyOrderedBeanKilledMidRunRedeliversExactlyTheRecordsFromTheLowestUnfinishedOneOn() throws Exception {
        int records = 20_000;
        String output = KeyOrderedListener.KILL_TOPIC + KeyOrderedListener.OUTPUT_SUFFIX;
        createOnePartitionTopic(KeyOrderedListener.KILL_TOPIC);
        List<RecordMetadata> written = produce(KeyOrderedListener.KILL_TOPIC, keyedValues(records));
        TopicPartition partition = new TopicPartition(KeyOrderedListener.KILL_TOPIC, 0);
        // The group's committed offset, read just before the kill: a commit the adapter made before it, at or below
        // the last (a commit in the last moments may not have been seen).
        AtomicLong lastCommitSeen = new AtomicLong();
        await("a quarter processed").atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    lastCommitSeen.set(committed("ra-keyed").getOrDefault(partition, 0L));
                    return total(endOffsets(output)) >= records / 4;
                });

        node.killHard();
        node.restart();

        await("every record processed after the restart").atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> Long.valueOf(records).equals(committed("ra-keyed").get(partition)));
        String restarted = get("/ra-test-app/key-ordered/incarnation");
        Map<String, Map<String, List<Long>>> runs = processedByKey(readAll(output, (int) total(endOffsets(output))));
        assertThat(runs).containsKey(restarted).hasSize(2);
        Map<String, List<Long>> afterRestart = runs.remove(restarted);
        Map<String, List<Long>> beforeKill = runs.values().iterator().next();
        long resumedAt = afterRestart.values().stream().flatMap(List::stream).min(Long::compare).orElseThrow();
        int twice = 0;
        for (Map.Entry<String, List<Long>> key : offsetsByKey(written).entrySet()) {
            List<Long> all = key.getValue();
            List<Long> before = beforeKill.getOrDefault(key.getKey(), List.of());
            List<Long> after = afterRestart.getOrDefault(key.getKey(), List.of());
            // Each run processed the key's records in order, once each: before the kill from its first record on...
            assertThat(before).as(key.getKey() + " before the kill").isEqualTo(all.subList(0, before.size()));
            // ... after the restart every one at or after the committed offset the consumer resumed from, and only those.
            assertThat(after).as(key.getKey() + " after the restart")
                    .isEqualTo(all.stream().filter(offset -> offset >= resumedAt).toList());
            // No record below it was left unprocessed: the commit point never passed an unfinished record.
            assertThat(before).as(key.getKey() + " below " + resumedAt)
                    .containsAll(all.stream().filter(offset -> offset < resumedAt).toList());
            List<Long> again = before.stream().filter(offset -> offset >= resumedAt).toList();
            // Duplicates are bounded by what was in flight: records beyond the last commit before the kill, handed
            // out and finished or not. No bound in records follows from the settings: the dispatcher keeps at most max(max.poll.records,
            // concurrency) records unfinished (plus one poll), but finished ones above the lowest unfinished are
            // committed only at the next commit, after polls at most every 200 ms, so how many wait for it depends on
            // how fast the lanes finish records. What holds is where they are: beyond that commit.
            assertThat(again).as(key.getKey() + ": processed twice, all beyond the commit seen before the kill, "
                    + lastCommitSeen.get()).allMatch(offset -> offset >= lastCommitSeen.get());
            twice += again.size();
        }
        System.out.printf("kill -9 of a key-ordered bean: last commit seen before the kill at offset %d, resumed at %d"
                        + " of %d; %d records processed before the kill were in flight (at or after it) and processed"
                        + " again, none lost%n", lastCommitSeen.get(), resumedAt, records, twice);
    }

    /** Creates the topic with one partition (the node would create it with three). */
    private static void createOnePartitionTopic(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }

    /** {@code count} values (and keys, as {@link #produce} writes them) over 100 keys: {@code k-<i % 100>}. */
    private static List<String> keyedValues(int count) {
        return IntStream.range(0, count).mapToObj(i -> "k-" + i % 100).toList();
    }

    /** The offsets of the written records, per key (the value, as {@link #produce} writes them), in order. */
    private static Map<String, List<Long>> offsetsByKey(List<RecordMetadata> written) {
        Map<String, List<Long>> offsets = new HashMap<>();
        for (int i = 0; i < written.size(); i++) {
            offsets.computeIfAbsent("k-" + i % 100, key -> new ArrayList<>()).add(written.get(i).offset());
        }
        return offsets;
    }

    /**
     * {@link KeyOrderedListener}'s output, per incarnation of the bean's JVM, as the offsets it processed per key in
     * the order it processed them (one key's records are in one output partition, in processing order).
     */
    private static Map<String, Map<String, List<Long>>> processedByKey(List<ConsumerRecord<byte[], byte[]>> output) {
        Map<String, Map<String, List<Long>>> runs = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : output) {
            runs.computeIfAbsent(headers(record).get(KeyOrderedListener.INCARNATION_HEADER), run -> new HashMap<>())
                    .computeIfAbsent(text(record.key()), key -> new ArrayList<>()).add(Long.parseLong(text(record.value())));
        }
        return runs;
    }

    @Test
    @Order(200)
    void aRecordFailingInItsTopicAndFirstRetryTopicSucceedsFromTheSecondWhileTheRecordsBehindItFlowOn()
            throws Exception {
        // Created at activation: the bean's consumers may not create topics, and nothing was sent to them yet.
        for (String retryTopic : RETRY_TOPICS) {
            assertThat(endOffsets(retryTopic).values()).as(retryTopic).hasSize(3).containsOnly(0L);
        }
        List<String> sent = IntStream.range(0, 10).mapToObj(i -> i == 0 ? "retried-0" : "behind-" + i).toList();
        List<RecordMetadata> written = produce(RetryingListener.TOPIC, sent);
        List<String> behind = sent.subList(1, sent.size());

        // Delivered twice in its topic (1 + retryAttempts=1), twice from retry-1s: then it waits in retry-10s.
        await().atMost(DELIVERY_TIMEOUT).until(() -> retryDeliveries().getOrDefault("retried-0", List.of()).size() == 4);
        List<String> meanwhile = IntStream.range(0, 5).mapToObj(i -> "meanwhile-" + i).toList();
        produce(RetryingListener.TOPIC, meanwhile);
        await().atMost(DELIVERY_TIMEOUT).until(() -> retryDeliveries().getOrDefault("retried-0", List.of()).size() == 5);

        Map<String, List<String[]>> deliveries = retryDeliveries();
        List<String[]> retried = deliveries.get("retried-0");
        assertThat(retried).extracting(d -> d[1]).containsExactly(RetryingListener.TOPIC, RetryingListener.TOPIC,
                RetryingListener.FIRST_RETRY_TOPIC, RetryingListener.FIRST_RETRY_TOPIC, RetryingListener.LAST_RETRY_TOPIC);
        // original topic|offset|attempts|stage, as the bean read them from the retry records' headers
        assertThat(retried.get(2)).endsWith(RetryingListener.TOPIC, String.valueOf(written.get(0).offset()), "2", "1");
        assertThat(retried.get(4)).endsWith(RetryingListener.TOPIC, String.valueOf(written.get(0).offset()), "4", "2");
        long waitedIn1s = millis(retried.get(2)) - millis(retried.get(1));
        long waitedIn10s = millis(retried.get(4)) - millis(retried.get(3));
        assertThat(waitedIn1s).as("held in retry-1s").isBetween(1_000L, 6_000L);
        assertThat(waitedIn10s).as("held in retry-10s").isBetween(10_000L, 15_000L);
        for (String value : Stream.concat(behind.stream(), meanwhile.stream()).toList()) {
            assertThat(deliveries.get(value)).as(value).hasSize(1);
        }
        long lastBehind = behind.stream().mapToLong(v -> millis(deliveries.get(v).get(0))).max().orElseThrow();
        long lastMeanwhile = meanwhile.stream().mapToLong(v -> millis(deliveries.get(v).get(0))).max().orElseThrow();
        assertThat(lastBehind).as("the records behind it did not wait for its first retry")
                .isLessThan(millis(retried.get(2)));
        assertThat(lastMeanwhile).as("records sent while it waited in retry-10s were delivered long before it")
                .isLessThan(millis(retried.get(4)) - 5_000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<TopicPartition, Long> committed = committed(RetryingListener.GROUP);
            assertThat(committed).containsEntry(new TopicPartition(RetryingListener.TOPIC, 0), 15L);
            for (String retryTopic : RETRY_TOPICS) {
                assertThat(total(endOffsets(retryTopic))).as(retryTopic).isEqualTo(1);
                endOffsets(retryTopic).forEach((partition, end) ->
                        assertThat(committed.getOrDefault(partition, 0L)).as(partition.toString()).isEqualTo(end));
            }
        });
        System.out.printf("retry topics: held %d ms in retry-1s and %d ms in retry-10s; the 9 records behind it "
                        + "delivered %d ms before its first retry, the 5 sent meanwhile %d ms before its last%n",
                waitedIn1s, waitedIn10s, millis(retried.get(2)) - lastBehind, millis(retried.get(4)) - lastMeanwhile);
    }

    @Test
    @Order(201)
    void aNotRetryableFailureGoesStraightToTheDeadLetterTopicAfterOneDelivery() throws Exception {
        RecordMetadata written = produce(RetryingListener.TOPIC, List.of("rejected-0")).get(0);

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(RetryingListener.DEAD_LETTERS, 1);
        assertThat(dead).extracting(r -> text(r.value())).containsExactly("rejected-0");
        assertThat(headers(dead.get(0))).containsEntry("partita.dlt.original.topic", RetryingListener.TOPIC)
                .containsEntry("partita.dlt.original.offset", String.valueOf(written.offset()))
                .containsEntry("partita.dlt.original.timestamp", String.valueOf(written.timestamp()))
                .containsEntry("partita.dlt.group", RetryingListener.GROUP)
                .containsEntry("partita.dlt.reason", "NOT_RETRYABLE")
                .containsEntry("partita.dlt.delivery.attempts", "1")
                .containsEntry("partita.dlt.exception.class", ExpiredCardException.class.getName())
                .containsEntry("partita.dlt.exception.message", "the card paying for rejected-0 has expired")
                .doesNotContainKey("partita.retry.stage");
        assertThat(retryDeliveries().get("rejected-0")).as("no retry in place, no retry topic").hasSize(1);
        assertThat(total(endOffsets(RetryingListener.FIRST_RETRY_TOPIC))).isEqualTo(1);
    }

    private static final List<String> RETRY_TOPICS =
            List.of(RetryingListener.FIRST_RETRY_TOPIC, RetryingListener.LAST_RETRY_TOPIC);

    /** Value to its deliveries to {@link RetryingListener}, oldest first, each split at {@code |}. */
    private static Map<String, List<String[]>> retryDeliveries() throws Exception {
        return get("/ra-test-app/retry/deliveries").lines().filter(l -> !l.isBlank()).map(l -> l.split("\\|"))
                .collect(Collectors.groupingBy(d -> d[0]));
    }

    private static long millis(String[] delivery) {
        return Long.parseLong(delivery[2]);
    }

    @Test
    @Order(400)
    void aRequestFromARestCallIsAnsweredByABeanThroughTheNodesReplyTopicWithinTheTimeout() throws Exception {
        // The first request also starts the node's reply consumer (and creates its reply topic).
        String requests = "/ra-test-app/replies/orders?topic=" + OrderConfirmationListener.TOPIC;
        assertThat(post(requests + "&id=q-1&timeoutMs=30000", ""))
                .startsWith("reply=Order[id=q-1, item=book confirmed, quantity=4] ms=");
        assertThat(post(requests + "&id=q-2&timeoutMs=10000", ""))
                .startsWith("reply=Order[id=q-2, item=book confirmed, quantity=4] ms=");

        Map<String, String> request = headers(readAll(OrderConfirmationListener.TOPIC, 2).stream()
                .filter(r -> text(r.key()).equals("q-1")).findFirst().orElseThrow());
        assertThat(request).containsEntry("partita.reply.topic", REPLY_TOPIC)
                .containsEntry("partita.reply.partition", "0")
                .hasEntrySatisfying("partita.correlation.id", id -> assertThat(id).matches("[0-9a-f]{32}"))
                .hasEntrySatisfying("traceparent", t -> assertThat(t).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        assertThat(received("replier")).as("the trace context the bean saw")
                .containsKey("q-1|" + request.get("traceparent"));
        ConsumerRecord<byte[], byte[]> reply = reply(request.get("partita.correlation.id"), 2);
        assertThat(text(reply.value())).contains("\"item\":\"book confirmed\"");
        assertThat(headers(reply).get("traceparent")).as("the bean's reply continues the request's trace")
                .startsWith(request.get("traceparent").substring(0, 36)).isNotEqualTo(request.get("traceparent"));
    }

    @Test
    @Order(401)
    void aRequestNobodyAnswersTimesOutCleanly() throws Exception {
        String answer = post("/ra-test-app/replies/orders?topic=" + RequestReplyResource.UNANSWERED_TOPIC
                + "&id=q-lost&timeoutMs=2000", "");

        assertThat(answer).matches("timeout=No reply within 2000 ms to the request [0-9a-f]{32} sent to "
                + RequestReplyResource.UNANSWERED_TOPIC + " ms=\\d+");
        assertThat(Long.parseLong(answer.substring(answer.lastIndexOf("ms=") + 3))).isBetween(2000L, 30_000L);
    }

    @Test
    @Order(402)
    void whatABeanSendsDuringADeliveryContinuesTheTraceOfTheRecordItReceived() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        // A request of a plain Kafka client in an outside trace; nobody waits for its reply, which the node drops.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                node.bootstrapServer()), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> request = new ProducerRecord<>(OrderConfirmationListener.TOPIC, "q-outside",
                    "{\"id\":\"q-outside\",\"item\":\"pen\",\"quantity\":1}");
            request.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII))
                    .add("partita.correlation.id", "outside-1".getBytes(StandardCharsets.UTF_8))
                    .add("partita.reply.topic", REPLY_TOPIC.getBytes(StandardCharsets.UTF_8))
                    .add("partita.reply.partition", "0".getBytes(StandardCharsets.UTF_8));
            producer.send(request).get();
        }

        ConsumerRecord<byte[], byte[]> reply = reply("outside-1", 3);
        assertThat(received("replier")).containsKey("q-outside|" + traceparent);
        assertThat(headers(reply).get("traceparent")).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                .isNotEqualTo(traceparent);
    }

    @Test
    @Order(500)
    void routedBeanTakesEachTopicOnItsMethodAndEachTypeOfOneTopicOnItsOwnWhileAnUnknownTypeIsDeadLettered()
            throws Exception {
        int orders = 100;
        assertThat(post("/ra-test-app/routing/send?count=" + orders, ""))
                .isEqualTo("acknowledged=" + (orders * 2 + orders / 2 + 1) + " failed=0");

        Map<TopicPartition, Long> ends = new HashMap<>(endOffsets(RoutingListener.ORDERS));
        ends.putAll(endOffsets(RoutingListener.EVENTS));
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(committed("ra-routing")).isEqualTo(ends));
        assertThat(received("routing-orders").keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, orders)
                .mapToObj(i -> "order-" + i + "|" + RoutingListener.ORDERS + "|order-" + i).toList());
        assertThat(received("routing-created").keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, orders).mapToObj(i -> "order-" + i).toList());
        assertThat(received("routing-cancelled").keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, orders).filter(i -> i % 2 == 0).mapToObj(i -> "order-" + i + "|changed mind").toList());

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(RoutingListener.DEAD_LETTERS, 1);
        assertThat(dead).singleElement().satisfies(refund -> {
            assertThat(text(refund.key())).isEqualTo("refund-0");
            assertThat(text(refund.value())).isEqualTo("{\"amount\":5,\"orderId\":\"order-0\"}");
            assertThat(headers(refund)).containsEntry("partita.value.type", "Refund")
                    .containsEntry("partita.dlt.original.topic", RoutingListener.EVENTS)
                    .containsEntry("partita.dlt.group", "ra-routing")
                    .containsEntry("partita.dlt.reason", "NO_MATCHING_METHOD")
                    .containsEntry("partita.dlt.delivery.attempts", "0")
                    .containsEntry("partita.dlt.exception.message", "no @OnRecord method takes type Refund of topic "
                            + RoutingListener.EVENTS + "; its methods take types [OrderCreated, order-cancelled]");
        });
    }

    /** The reply with {@code correlationId} among the first {@code count} records of node 1's reply topic. */
    private static ConsumerRecord<byte[], byte[]> reply(String correlationId, int count) {
        return readAll(REPLY_TOPIC, count).stream()
                .filter(r -> correlationId.equals(headers(r).get("partita.correlation.id"))).findFirst().orElseThrow();
    }

    @Test
    @Order(300)
    void anActivationsMetricsCountItsRecordsAndItIsNotReadyWhileItsBeanBlocksLongerThanMaxStallMs() throws Exception {
        produce(HealthListener.TOPIC, List.of("ok-0", "poison-1", "ok-2"));
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(committed(HealthListener.GROUP))
                .containsEntry(new TopicPartition(HealthListener.TOPIC, 0), 3L));

        // ok-0 and ok-2 delivered; poison-1 failed twice (1 + retryAttempts=1), then dead-lettered
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = get("/metrics");
            assertThat(healthListenerSeries(metrics, "partita_activation_records_delivered_total")).isEqualTo(2);
            assertThat(healthListenerSeries(metrics, "partita_activation_records_failed_total")).isEqualTo(2);
            assertThat(healthListenerSeries(metrics, "partita_activation_records_retried_total")).isEqualTo(1);
            assertThat(healthListenerSeries(metrics, "partita_activation_records_dead_lettered_total")).isEqualTo(1);
            assertThat(healthListenerSeries(metrics, "partita_activation_listener_calls_total")).isEqualTo(4);
            assertThat(healthListenerSeries(metrics, "partita_activation_listener_time_seconds_total")).isPositive();
            assertThat(healthListenerSeries(metrics, "partita_activation_lag")).isZero();
        });
        assertThat(healthListenerReadiness()).isEqualTo("UP (" + HealthListener.class.getName() + ")");

        produce(HealthListener.TOPIC, List.of(HealthListener.BLOCK + "-3", "ok-4"));

        await("readiness DOWN once the bean has blocked longer than maxStallMs=3000").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(healthListenerReadiness()).startsWith("DOWN (" + HealthListener.class.getName()
                            + "): consumer #0 has made no progress for ").contains("in the listener for");
                    assertThat(readiness().statusCode()).isEqualTo(503);
                    assertThat(get("/metrics")).contains("partita_activations_not_ready{mp_scope=\"application\"} 1.0");
                });
        assertThat(received("health")).containsEntry(HealthListener.BLOCK + "-3", 1).doesNotContainKey("ok-4");
        assertThat(post("/ra-test-app/stall/release", "")).isEqualTo("released");

        await("readiness UP again once the bean progresses").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(healthListenerReadiness()).isEqualTo("UP (" + HealthListener.class.getName() + ")");
            assertThat(readiness().statusCode()).isEqualTo(200);
        });
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(committed(HealthListener.GROUP))
                .containsEntry(new TopicPartition(HealthListener.TOPIC, 0), 5L));
    }

    /** The value of {@link HealthListener}'s series of {@code name} in a Prometheus exposition. */
    private static double healthListenerSeries(String metrics, String name) {
        String suffix = HealthListener.class.getName() + "\",mp_scope=\"application\"} ";
        return metrics.lines().filter(line -> line.startsWith(name + "{activation=\"") && line.contains(suffix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(suffix) + suffix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("No " + name + " of " + HealthListener.class.getName()));
    }

    /** What {@code /health/ready}'s activations check says of {@link HealthListener}'s activation. */
    private static String healthListenerReadiness() throws Exception {
        JsonNode answer = ApiClient.JSON.readTree(readiness().body());
        for (JsonNode check : answer.get("checks")) {
            if (!check.get("name").asText().equals("partita-activations")) continue;
            for (JsonNode activation : check.get("data")) {
                if (activation.asText().contains("(" + HealthListener.class.getName() + ")")) return activation.asText();
            }
        }
        throw new AssertionError("No readiness of " + HealthListener.class.getName() + " in " + answer);
    }

    /** {@code /health/ready}, UP (200) or DOWN (503). */
    private static HttpResponse<String> readiness() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Writes the values (as keys and values) to partition 0 of the topic in one batch. */
    private static List<RecordMetadata> produce(String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer()),
                new StringSerializer(), new StringSerializer())) {
            // Sent together: one batch on the node, so a consumer's poll gets them all at once.
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String value : values) sent.add(producer.send(new ProducerRecord<>(topic, 0, value, value)));
            producer.flush();
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) written.add(future.get());
            return written;
        }
    }

    /** Reads every partition of a topic from its beginning until {@code count} records came, and a second more. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= count;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            return records;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        if (!admin.listTopics().names().get().contains(topic)) return Map.of();
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Value to delivery count, as the test application counted them. */
    private static Map<String, Integer> received(String listener) throws Exception {
        String body = get("/ra-test-app/received/" + listener);
        Map<String, Integer> counts = new HashMap<>();
        body.lines().filter(l -> !l.isBlank()).forEach(line -> {
            int eq = line.lastIndexOf('=');
            counts.put(line.substring(0, eq), Integer.parseInt(line.substring(eq + 1)));
        });
        return counts;
    }

    /** A record's headers by key, their values as UTF-8 text (the last of a repeated key). */
    static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) headers.put(header.key(), text(header.value()));
        return headers;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static String post(String path, String body) throws Exception {
        return post(path, "text/plain", body);
    }

    private static String post(String path, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.uri() + " answered " + response.body()).isBetween(200, 299);
        return response.body();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }
}
