package io.partita.systemtests;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;


import static io.partita.systemtests.KafkaTools.CONFIGS;
import static io.partita.systemtests.KafkaTools.CONSOLE_CONSUMER;
import static io.partita.systemtests.KafkaTools.CONSOLE_PRODUCER;
import static io.partita.systemtests.KafkaTools.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's chapter 2 walkthrough, step by step, with Apache Kafka 4.4's own command-line tools against a node
 * started by {@code bin/partita}: create, list, describe and grow a topic, change its retention, produce keyed
 * records and consume them from the beginning, and fail to shrink it. Each step builds on the previous one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Chapter2WalkthroughIT {

    private static final String TOPIC = "hello.kafka";

    @RegisterExtension
    static final PartitaNodeProcess.PerClass NODE = new PartitaNodeProcess.PerClass();

    private static KafkaTools tools() {
        return new KafkaTools(NODE.bootstrapServer());
    }

    @Test
    @Order(1)
    void createsTopicWithThreePartitionsAndTwoDaysRetention() {
        ToolRun run = tools().run(TOPICS, "--create", "--partitions", "3", "--replication-factor", "1",
                "--config", "retention.ms=172800000", "--topic", TOPIC);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).as(run.toString()).contains("Created topic " + TOPIC + ".");
    }

    @Test
    @Order(2)
    void listsTheTopic() {
        ToolRun run = tools().run(TOPICS, "--list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines()).as(run.toString()).contains(TOPIC);
    }

    @Test
    @Order(3)
    void describesPartitionsLeadersAndConfig() {
        TopicDescription description = describe();

        assertThat(description.header()).containsEntry("Topic", TOPIC)
                .containsEntry("PartitionCount", "3")
                .containsEntry("ReplicationFactor", "1");
        assertThat(description.configs()).containsEntry("retention.ms", "172800000");
        assertThat(description.partitions()).hasSize(3);
        for (int p = 0; p < 3; p++) {
            assertThat(description.partitions().get(p)).containsEntry("Topic", TOPIC)
                    .containsEntry("Partition", String.valueOf(p))
                    .containsEntry("Leader", "1")
                    .containsEntry("Replicas", "1")
                    .containsEntry("Isr", "1");
        }
    }

    @Test
    @Order(4)
    void growsToFourPartitions() {
        ToolRun run = tools().run(TOPICS, "--alter", "--partitions", "4", "--topic", TOPIC);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        TopicDescription description = describe();
        assertThat(description.header()).containsEntry("PartitionCount", "4");
        assertThat(description.partitions()).extracting(partition -> partition.get("Partition"))
                .containsExactly("0", "1", "2", "3");
        assertThat(description.partitions()).allSatisfy(partition -> assertThat(partition).containsEntry("Leader", "1"));
    }

    @Test
    @Order(5)
    void changesRetentionToOneDay() {
        ToolRun run = tools().run(CONFIGS, "--entity-type", "topics", "--entity-name", TOPIC,
                "--alter", "--add-config", "retention.ms=86400000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).as(run.toString()).contains("Completed updating config for topic " + TOPIC + ".");
        assertThat(describe().configs()).containsEntry("retention.ms", "86400000");
    }

    @Test
    @Order(6)
    void producesKeyedRecords() {
        ToolRun run = tools().runWithInput("key1:no1\nkey2:no2\nkey3:no3\n", CONSOLE_PRODUCER,
                "--topic", TOPIC, "--property", "parse.key=true", "--property", "key.separator=:");

        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    @Order(7)
    void consumesThemFromTheBeginningWithKeys() {
        ToolRun run = tools().run(CONSOLE_CONSUMER, "--topic", TOPIC, "--from-beginning",
                "--property", "print.key=true", "--property", "key.separator=-", "--max-messages", "3",
                "--timeout-ms", "60000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        // Across partitions the order is not defined. Kafka 4.4 prints its deprecation notice on stdout too.
        assertThat(run.lines()).as(run.toString())
                .filteredOn(line -> !line.startsWith("Option --property is deprecated"))
                .containsExactlyInAnyOrder("key1-no1", "key2-no2", "key3-no3");
        assertThat(run.stderr()).as(run.toString()).contains("Processed a total of 3 messages");
    }

    @Test
    @Order(8)
    void refusesToShrinkToTwoPartitions() {
        ToolRun run = tools().run(TOPICS, "--alter", "--partitions", "2", "--topic", TOPIC);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).as(run.toString()).contains("Error while executing topic command : The topic "
                + TOPIC + " currently has 4 partition(s); 2 would not be an increase.");
        assertThat(describe().header()).as("the topic is unchanged").containsEntry("PartitionCount", "4");
    }

    private static TopicDescription describe() {
        ToolRun run = tools().run(TOPICS, "--describe", "--topic", TOPIC);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return TopicDescription.parse(run.lines());
    }
}
