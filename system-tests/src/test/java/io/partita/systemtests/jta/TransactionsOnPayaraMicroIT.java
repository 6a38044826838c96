package io.partita.systemtests.jta;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.hamcrest.Matcher;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * JTA with the resource adapter on a Payara Micro node started by Arquillian (see {@code arquillian.xml}: the
 * adapter is deployed before this test's WAR). The test methods run inside the server, next to the beans they call.
 *
 * <p>A bean's container-managed transaction decides whether what it sent through a {@code LocalTransaction}
 * connection factory reaches read_committed consumers, also next to an XA database (Kafka as the last resource); a
 * transacted message-driven bean whose delivery rolls back gets the record again (until its retries are spent and it
 * goes to the dead-letter topic), and what it relayed in rolled-back attempts is invisible to read_committed.
 */
@ExtendWith(ArquillianExtension.class)
class TransactionsOnPayaraMicroIT {

    static final String SEND_TOPIC = "jta.send";
    static final String ORDERS_TOPIC = "jta.orders";
    static final String RELAY_TOPIC = "jta.relay";
    static final String RELAY_OUTPUT = "jta.relay.out";
    static final String RELAY_GROUP = "jta-relay";
    static final String RELAY_DEAD_LETTERS = "jta.relay.dlt";
    private static final int RECORDS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @EJB
    private TransactionalSender sender;

    @EJB
    private DatabaseAndTopicWriter databaseAndTopic;

    @Inject
    private RelayDeliveries deliveries;

    @Resource(lookup = TransactionalSender.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "jta-test.war")
                .addClasses(TransactionalSender.class, TransactionalRelayListener.class, RelayDeliveries.class,
                        DatabaseAndTopicWriter.class)
                .addAsLibraries(jarOf(Assertions.class), jarOf(Awaitility.class), jarOf(Matcher.class))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Test
    void aBeansRecordsReachReadCommittedConsumersOnlyIfItsTransactionCommits() throws Exception {
        sender.send(SEND_TOPIC, "committed", RECORDS, "commit");
        sender.send(SEND_TOPIC, "marked", RECORDS, "rollback-only");
        assertThatThrownBy(() -> sender.send(SEND_TOPIC, "thrown", RECORDS, "throw")).isInstanceOf(EJBException.class);
        sender.send(SEND_TOPIC, "later", RECORDS, "commit");

        // One partition: a read_committed consumer that got the later transaction's records has passed the aborted ones.
        assertThat(values(readAll(SEND_TOPIC, 2 * RECORDS, IsolationLevel.READ_COMMITTED)))
                .containsExactlyElementsOf(values("committed", "later"));
        // The aborted records are in the log (the bean flushed before rolling back): read_uncommitted sees them.
        assertThat(values(readAll(SEND_TOPIC, 4 * RECORDS, IsolationLevel.READ_UNCOMMITTED)))
                .containsExactlyElementsOf(values("committed", "marked", "thrown", "later"));
    }

    @Test
    void kafkaAsTheLastResourceCommitsAndRollsBackTogetherWithAnXaDatabase() throws Exception {
        databaseAndTopic.createTable();

        databaseAndTopic.write(ORDERS_TOPIC, "order-1", "commit");
        assertThatThrownBy(() -> databaseAndTopic.write(ORDERS_TOPIC, "order-2", "throw")).isInstanceOf(EJBException.class);
        databaseAndTopic.write(ORDERS_TOPIC, "order-3", "commit");

        assertThat(List.of(databaseAndTopic.exists("order-1"), databaseAndTopic.exists("order-2"),
                databaseAndTopic.exists("order-3"))).containsExactly(true, false, true);
        assertThat(values(readAll(ORDERS_TOPIC, 2, IsolationLevel.READ_COMMITTED))).containsExactly("order-1", "order-3");
        assertThat(values(readAll(ORDERS_TOPIC, 3, IsolationLevel.READ_UNCOMMITTED)))
                .containsExactly("order-1", "order-2", "order-3");
    }

    @Test
    void aTransactedDeliveryThatRollsBackIsRedeliveredAndWhatItRelayedStaysInvisible() throws Exception {
        List<String> values = List.of("plain-0", "rollback-1", "plain-2", "throw-3", "plain-4", "poison-5");
        List<String> relayed = values.subList(0, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringSerializer(), new StringSerializer())) {
            for (String value : values) producer.send(new ProducerRecord<>(RELAY_TOPIC, 0, value, value)).get();
        }

        TopicPartition input = new TopicPartition(RELAY_TOPIC, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(RELAY_GROUP)
                        .partitionsToOffsetAndMetadata().get().get(input);
                assertThat(committed).isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(6L);
            });
        }
        // The first deliveries of rollback-1 (setRollbackOnly) and throw-3 (an exception) rolled back; the retries
        // committed. poison-5 rolled back 1 + retryAttempts=2 times, then went to the dead-letter topic.
        assertThat(deliveries.counts()).containsOnly(entry("plain-0", 1), entry("rollback-1", 2), entry("plain-2", 1),
                entry("throw-3", 2), entry("plain-4", 1), entry("poison-5", 3));
        assertThat(values(readAll(RELAY_DEAD_LETTERS, 1, IsolationLevel.READ_COMMITTED))).containsExactly("poison-5");
        // A relay is keyed by its value: a rolled-back copy precedes the committed one in the same partition.
        assertThat(values(readAll(RELAY_OUTPUT, relayed.size(), IsolationLevel.READ_COMMITTED)))
                .containsExactlyInAnyOrderElementsOf(relayed);
        assertThat(values(readAll(RELAY_OUTPUT, relayed.size() + 5, IsolationLevel.READ_UNCOMMITTED)))
                .containsExactlyInAnyOrder("plain-0", "rollback-1", "rollback-1", "plain-2", "throw-3", "throw-3", "plain-4",
                        "poison-5", "poison-5", "poison-5");
    }

    /** Reads every partition of a topic from its beginning until {@code count} records came, and a second more. */
    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count, IsolationLevel isolation)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= count;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            return records;
        }
    }

    private String bootstrap() throws Exception {
        try (PartitaConnection connection = partita.getConnection()) {
            return connection.nodeInfo().bootstrapAddress();
        }
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static List<String> values(String... prefixes) {
        return Arrays.stream(prefixes).flatMap(p -> IntStream.range(0, RECORDS).mapToObj(i -> p + "-" + i)).toList();
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
