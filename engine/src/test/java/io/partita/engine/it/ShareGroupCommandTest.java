package io.partita.engine.it;

import io.partita.engine.cluster.KafkaTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.consumer.group.ShareGroupCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kafka-share-groups.sh} (kafka-tools 4.4's {@link ShareGroupCommand}, in-process) against the node, for a
 * share group whose consumers read part of a topic: the start offsets and lags it describes, a reset of its offsets
 * (which its next consumer starts from), their deletion, and the group's deletion (after which it starts again where
 * its {@code share.auto.offset.reset} says). The layouts, messages and exit codes are those the tool prints against
 * Apache Kafka 4.4 (compared side by side); the start offsets are Partita's, which are exact where Kafka's trail behind
 * the acknowledgements, so the test does not run against an external broker.
 */
@ExtendWith(BrokerExtension.class)
class ShareGroupCommandTest {

    private static final String OFFSETS_HEADER = "GROUP           TOPIC           PARTITION  START-OFFSET  LAG";

    private final TestClients broker;
    /** A group of the test's own, its name as short as the tool's narrowest column. */
    private final String group = Topics.uniqueName("sg");

    ShareGroupCommandTest(TestClients broker) {
        this.broker = broker;
    }

    @BeforeEach
    void onlyOnPartita() {
        ExternalBroker.assumeNone();
    }

    @Test
    void describesResetsAndDeletesTheOffsetsOfAShareGroupWhoseConsumersReadPartOfATopic() throws Exception {
        String topic = earliestGroupOnTenRecords(2);

        try (KafkaShareConsumer<String, String> consumer = consumer(topic)) {
            assertThat(acceptNext(consumer, 4)).containsExactly(0L, 1L, 2L, 3L);
            await().untilAsserted(() -> assertThat(tool("--describe", "--group", group).printed()).isEqualTo(
                    offsets(row(topic, 0, "4", "6"), row(topic, 1, "0", "0"))));

            KafkaTool.Result busyReset = tool("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
            assertThat(busyReset.exitCode()).isEqualTo(1);
            assertThat(busyReset.printed()).startsWith("Share group '" + group + "' is not empty.\n");
            assertThat(tool("--delete-offsets", "--group", group, "--topic", topic).printed()).isEqualTo("""

                    Error: The group is not empty.

                    TOPIC           STATUS
                    %s  Error: The group is not empty.
                    """.formatted(topic));
        }
        await().untilAsserted(() -> assertThat(tool("--describe", "--group", group, "--members").printed())
                .isEqualTo("\nShare group '" + group + "' has no active members.\n"));

        assertThat(tool("--reset-offsets", "--group", group, "--topic", topic + ":0", "--to-offset", "2", "--execute").printed())
                .isEqualTo("""

                        GROUP           TOPIC           PARTITION  NEW-OFFSET
                        %s  %s  0          2
                        """.formatted(group, topic));
        assertThat(tool("--describe", "--group", group, "--offsets", "--verbose").printed()).isEqualTo("""

                GROUP           TOPIC           PARTITION  LEADER-EPOCH  START-OFFSET  LAG
                %1$s  %2$s  0          0             2             8
                %1$s  %2$s  1          0             0             0
                """.formatted(group, topic));
        try (KafkaShareConsumer<String, String> consumer = consumer(topic)) {
            assertThat(acceptNext(consumer, 4)).as("where the reset put the group").containsExactly(2L, 3L, 4L, 5L);
        }
        await().untilAsserted(() -> assertThat(tool("--describe", "--group", group).printed()).isEqualTo(
                offsets(row(topic, 0, "6", "4"), row(topic, 1, "0", "0"))));

        assertThat(tool("--delete-offsets", "--group", group, "--topic", topic).printed()).isEqualTo("""

                TOPIC           STATUS
                %s  Successful
                """.formatted(topic));
        assertThat(tool("--describe", "--group", group).printed())
                .isEqualTo("\nShare group '" + group + "' has no offset information.\n");
        assertThat(tool("--delete-offsets", "--group", group, "--topic", topic).printed()).isEqualTo("""

                TOPIC           STATUS
                %s  Error: There is no offset information to delete.
                """.formatted(topic));
    }

    @Test
    void aDeletedShareGroupLosesItsShareStateAndStartsAgainWhereItsConfigSays() throws Exception {
        String topic = earliestGroupOnTenRecords(1);
        try (KafkaShareConsumer<String, String> consumer = consumer(topic)) {
            assertThat(acceptNext(consumer, 4)).containsExactly(0L, 1L, 2L, 3L);
        }
        await().untilAsserted(() -> assertThat(tool("--describe", "--group", group).printed())
                .isEqualTo(offsets(row(topic, 0, "4", "6"))));

        assertThat(tool("--delete", "--group", group).printed())
                .isEqualTo("Deletion of requested share groups ('" + group + "') was successful.\n");
        assertThat(tool("--list").printed().lines()).doesNotContain(group);

        try (KafkaShareConsumer<String, String> consumer = consumer(topic)) {
            assertThat(acceptNext(consumer, 4)).as("the group's config (earliest) outlives it, its state does not")
                    .containsExactly(0L, 1L, 2L, 3L);
        }
    }

    /** A topic of {@code partitions} with ten records in partition 0, read by the group from its earliest offset. */
    private String earliestGroupOnTenRecords(int partitions) throws Exception {
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "st", partitions);
        }
        InFlightShareRecords.startFromEarliest(broker.bootstrapServers(), group);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>(topic, 0, null, ("r" + i).getBytes(UTF_8)));
        }
        return topic;
    }

    /**
     * A consumer of the group subscribed to the topic, which acquires no more records than a poll returns (four), and
     * acknowledges each itself.
     */
    private KafkaShareConsumer<String, String> consumer(String topic) {
        KafkaShareConsumer<String, String> consumer = broker.shareConsumer(new StringDeserializer(), new StringDeserializer(),
                Map.of("group.id", group, "share.acknowledgement.mode", "explicit", "share.acquire.mode", "record_limit",
                "max.poll.records", "4"));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Accepts the next {@code count} records as they come, durably; their offsets in the order they came. */
    private static List<Long> acceptNext(KafkaShareConsumer<String, String> consumer, int count) {
        List<Long> offsets = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                offsets.add(record.offset());
            }
            consumer.commitSync();
            return offsets.size() >= count;
        });
        return offsets;
    }

    private KafkaTool.Result tool(String... args) {
        return KafkaTool.run(ShareGroupCommand::main,
                Stream.concat(Stream.of("--bootstrap-server", broker.bootstrapServers()), Stream.of(args)).toArray(String[]::new));
    }

    private String offsets(String... rows) {
        return "\n" + OFFSETS_HEADER + "\n" + String.join("", rows);
    }

    /** One row of the default describe table; group and topic names here are 14 characters, under the 15 of a column. */
    private String row(String topic, int partition, String startOffset, String lag) {
        return "%s  %s  %-10d %-13s %s%n".formatted(group, topic, partition, startOffset, lag);
    }
}
