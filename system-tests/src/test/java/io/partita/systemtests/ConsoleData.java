package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Realistic data on the {@link SecuredNode} for the console's browser tests, written once for the whole run by the
 * first test class that registers this extension (after the node's):
 * <ul>
 * <li>{@value #ORDERS}: {@value #ORDERS_PARTITIONS} partitions, {@value #ORDER_COUNT} JSON orders ({@link #order})
 * keyed by customer, with headers {@code content-type}, {@code source} and {@code trace-id}, their timestamps spread
 * evenly over the two hours before {@link #ordersStart()} plus two hours;</li>
 * <li>{@value #PAYMENTS}: 3 partitions, {@value #PAYMENT_COUNT} JSON payments;</li>
 * <li>{@value #AUDIT}: 1 partition of plain-text lines, binary keys and a tombstone (null value) every 100th;</li>
 * <li>a few small topics ({@link #SMALL_TOPICS}), so that lists have more than one page of interest;</li>
 * <li>consumer groups: {@value #LAGGING_GROUP} committed halfway through every partition of the orders (lag
 * {@value #ORDER_COUNT}/2 or so), {@value #CAUGHT_UP_GROUP} committed at the end of orders and payments (lag 0).</li>
 * </ul>
 * Tests may add to the node but must not change these. Not thread-safe.
 */
final class ConsoleData implements BeforeAllCallback {

    static final String ORDERS = "shop.orders";
    static final int ORDERS_PARTITIONS = 6;
    static final int ORDER_COUNT = 100_000;
    static final String PAYMENTS = "shop.payments";
    static final int PAYMENT_COUNT = 20_000;
    static final String AUDIT = "shop.audit";
    static final int AUDIT_COUNT = 1_000;
    static final List<String> SMALL_TOPICS = List.of("inventory.updates", "user.signups", "email.outbox", "search.queries");
    static final String LAGGING_GROUP = "billing";
    static final String CAUGHT_UP_GROUP = "shipping";

    private static final String[] COUNTRIES = {"DE", "FR", "NL", "PL", "IT", "ES", "SE"};
    private static final String[] STATUSES = {"NEW", "PAID", "PACKED", "SHIPPED"};
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConsoleData.class);

    private final SecuredNode node;
    private Filled filled;

    ConsoleData(SecuredNode node) {
        this.node = node;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        filled = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Filled.class, key -> fill(node.bootstrapServer()),
                Filled.class);
    }

    /** The timestamp of order 0; order i has {@code ordersStart + i * 72 ms}. */
    Instant ordersStart() {
        return filled.ordersStart;
    }

    /** Order i's value: {@code {"orderId":"o-000042","customer":{"id":"c-0042","country":"IT"},...}}. */
    static String order(int i) {
        return String.format(Locale.ROOT, "{\"orderId\":\"o-%06d\",\"customer\":{\"id\":\"%s\",\"country\":\"%s\"},"
                        + "\"status\":\"%s\",\"total\":%d.99,\"currency\":\"EUR\",\"items\":[{\"sku\":\"sku-%d\",\"qty\":%d}]}",
                i, customer(i), COUNTRIES[i % COUNTRIES.length], STATUSES[i % STATUSES.length], i % 1000, i % 97, 1 + i % 5);
    }

    /** Order i's key. */
    static String customer(int i) {
        return String.format(Locale.ROOT, "c-%04d", i % 5000);
    }

    /** Order i's trace-id header; every order's is different. */
    static String traceId(int i) {
        return String.format(Locale.ROOT, "t-%06d", i);
    }

    /** Order i's source header: "mobile" for every tenth, else "web". */
    static String source(int i) {
        return i % 10 == 0 ? "mobile" : "web";
    }

    private static Filled fill(String bootstrap) {
        Instant start = Instant.now().minus(Duration.ofHours(2));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaProducer<byte[], String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                     ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                     new ByteArraySerializer(), new StringSerializer())) {
            List<NewTopic> topics = new ArrayList<>(List.of(new NewTopic(ORDERS, ORDERS_PARTITIONS, (short) 1),
                    new NewTopic(PAYMENTS, 3, (short) 1), new NewTopic(AUDIT, 1, (short) 1)));
            SMALL_TOPICS.forEach(name -> topics.add(new NewTopic(name, 2, (short) 1)));
            admin.createTopics(topics).all().get();
            for (int i = 0; i < ORDER_COUNT; i++) {
                RecordHeaders headers = new RecordHeaders(List.of(header("content-type", "application/json"),
                        header("source", source(i)), header("trace-id", traceId(i))));
                producer.send(new ProducerRecord<>(ORDERS, null, start.toEpochMilli() + i * 72L, customer(i).getBytes(StandardCharsets.UTF_8),
                        order(i), headers));
            }
            for (int i = 0; i < PAYMENT_COUNT; i++) {
                producer.send(new ProducerRecord<>(PAYMENTS, String.format(Locale.ROOT, "o-%06d", i * 5).getBytes(StandardCharsets.UTF_8),
                        String.format(Locale.ROOT, "{\"orderId\":\"o-%06d\",\"amount\":%d.99,\"method\":\"%s\"}", i * 5, i % 1000,
                                i % 3 == 0 ? "card" : "transfer")));
            }
            for (int i = 0; i < AUDIT_COUNT; i++) {
                byte[] key = {(byte) 0xCA, (byte) 0xFE, (byte) (i >> 8), (byte) i};
                producer.send(new ProducerRecord<>(AUDIT, 0, key, i % 100 == 99 ? null : "user " + i % 17 + " signed in from 10.0.0." + i % 250));
            }
            for (String name : SMALL_TOPICS) {
                for (int i = 0; i < 25; i++) producer.send(new ProducerRecord<>(name, name + " event " + i));
            }
            producer.flush();
            commit(admin, LAGGING_GROUP, ends(admin, ORDERS, ORDERS_PARTITIONS), end -> end / 2);
            Map<TopicPartition, Long> caughtUp = new HashMap<>(ends(admin, ORDERS, ORDERS_PARTITIONS));
            caughtUp.putAll(ends(admin, PAYMENTS, 3));
            commit(admin, CAUGHT_UP_GROUP, caughtUp, end -> end);
            return new Filled(start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("Cannot fill the node with the console's data", e);
        }
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic, int partitions)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static void commit(Admin admin, String group, Map<TopicPartition, Long> ends, Function<Long, Long> at)
            throws InterruptedException, ExecutionException {
        admin.alterConsumerGroupOffsets(group, ends.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(at.apply(e.getValue()))))).all().get();
    }

    /** What was written, kept for the whole run; nothing to close (the node goes with its own extension). */
    private record Filled(Instant ordersStart) {
    }
}
