package io.partita.engine.group;

import io.partita.engine.it.TestNode;
import io.partita.engine.cluster.KafkaTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.apache.kafka.tools.consumer.ConsoleConsumerOptions;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.partita.engine.group.GroupTestClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kafka-consumer-groups.sh} (kafka-tools 4.4's {@link ConsumerGroupCommand}, run in-process) against a node:
 * every expected output below is what the same commands print against Apache Kafka 4.4 (observed side by side),
 * apart from the coordinator's port and the members' random ids.
 */
@Tag("slow")
class ConsumerGroupCommandTest {

    @RegisterExtension
    static final TestNode.PerClass node = new TestNode.PerClass(dir -> GroupTestClients.nodeSettings(dir, 0));
    private GroupTestClients clients;

    @BeforeEach
    void openClients() {
        clients = new GroupTestClients(node.clients());
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    /** The seed's chapter 2: a console consumer in group hello-group reads hello.kafka, then the group is listed and described. */
    @Test
    void theHelloGroupWalkthrough() throws Exception {
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic("hello.kafka", 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = clients.stringProducer()) {
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>("hello.kafka", "key" + i, "no" + i)).get();
            }
        }

        String consumed = captured(() -> ConsoleConsumer.run(new ConsoleConsumerOptions(new String[] {
                "--bootstrap-server", node.bootstrapServers(), "--topic", "hello.kafka", "--group", "hello-group",
                "--from-beginning", "--property", "print.key=true", "--property", "key.separator=-",
                "--max-messages", "3", "--timeout-ms", "20000"})));
        assertThat(consumed.lines()).containsExactly("key1-no1", "key2-no2", "key3-no3", "Processed a total of 3 messages");

        assertThat(groups("--list").lines()).contains("hello-group");
        assertThat(groups("--describe", "--group", "hello-group")).isEqualTo("""

                Consumer group 'hello-group' has no active members.

                GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
                hello-group     hello.kafka     0          3               3               0               -               -               -
                """);
        assertThat(groups("--describe", "--group", "hello-group", "--members", "--verbose")).isEqualTo("""

                Consumer group 'hello-group' has no active members.

                GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT
                """);
        assertThat(groups("--describe", "--group", "hello-group", "--state")).isEqualTo("""

                Consumer group 'hello-group' has no active members.

                GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS
                hello-group     %-16s (1)      -                    Empty                0
                """.formatted(node.bootstrapServers()));
    }

    @Test
    void anActiveGroupIsDescribedWithItsMemberAndRefusesDeletionAndResets() throws Exception {
        String topic = clients.createTopic("active", 3);
        clients.produce(topic, 3, 9);
        String group = shortName("g");
        KafkaConsumer<String, String> consumer = caughtUpAndCommitted(clients, group, topic);
        String memberId = consumer.groupMetadata().memberId();

        String describe = groups("--describe", "--group", group);
        assertThat(describe.lines().skip(2)).allSatisfy(row -> assertThat(row.split(" +")).containsExactly(
                group, topic, row.split(" +")[2], "3", "3", "0", memberId, "/127.0.0.1", row.split(" +")[8]));
        assertThat(describe.lines().skip(2).map(row -> row.split(" +")[2])).containsExactly("0", "1", "2");
        assertThat(describe.lines().skip(2).map(row -> row.split(" +")[8])).allMatch(id -> id.startsWith("consumer-" + group));
        assertThat(groups("--describe", "--group", group, "--members", "--verbose").lines().skip(2))
                .singleElement().satisfies(row -> assertThat(row.split(" +")).containsSubsequence(
                        group, memberId, "/127.0.0.1", "3", "-", topic + ":0,1,2", "-", "-"));
        assertThat(groups("--describe", "--group", group, "--state").lines().skip(2)).singleElement()
                .satisfies(row -> assertThat(row.split(" +")).endsWith("range", "Stable", "1"));

        assertThat(groups("--delete", "--group", group)).contains("Error: Deletion of some consumer groups failed:",
                "* Group '" + group + "' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException");
        assertThat(groups("--delete-offsets", "--group", group, "--topic", topic)).contains(
                "Error: Encountered some partition-level error",
                "Error: org.apache.kafka.common.errors.GroupSubscribedToTopicException");
        assertThat(groups("--reset-offsets", "--to-earliest", "--group", group, "--topic", topic, "--execute")).contains(
                "Error: Assignments can only be reset if the group '" + group + "' is inactive, but the current state is Stable.");
    }

    /** Kafka 4.4's output for a consumer-protocol group, recorded from its broker with the same tool and steps. */
    @Test
    void aConsumerProtocolGroupIsListedDescribedWithEpochsAndDeletedOnceEmpty() throws Exception {
        GroupTestClients consumers = new GroupTestClients(node.clients(), GroupProtocol.CONSUMER);
        try (consumers) {
            String topic = consumers.createTopic("kip848", 3);
            consumers.produce(topic, 3, 9);
            String group = shortName("c");
            KafkaConsumer<String, String> consumer = caughtUpAndCommitted(consumers, group, topic);
            String memberId = consumer.groupMetadata().memberId();
            String clientId = "consumer-" + group + "-";

            List<String> describe = groups("--describe", "--group", group).lines().toList();
            assertThat(describe.get(1).split(" +")).containsExactly("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET",
                    "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");
            assertThat(describe.subList(2, describe.size())).hasSize(3).allSatisfy(row -> {
                String[] columns = row.split(" +");
                assertThat(columns).hasSize(9).containsSubsequence(group, topic, "3", "3", "0", memberId, "/127.0.0.1");
                assertThat(columns[8]).startsWith(clientId);
            });
            List<String> members = groups("--describe", "--group", group, "--members", "--verbose").lines().toList();
            assertThat(members.get(1).split(" +")).containsExactly("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID",
                    "#PARTITIONS", "CURRENT-EPOCH", "CURRENT-ASSIGNMENT", "TARGET-EPOCH", "TARGET-ASSIGNMENT");
            assertThat(members.get(2).split(" +")).containsSubsequence(group, memberId, "/127.0.0.1")
                    .endsWith("3", "1", topic + ":0,1,2", "1", topic + ":0,1,2");
            assertThat(groups("--describe", "--group", group, "--state", "--verbose")).isEqualTo("""

                    GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS
                    %-15s %-16s (1)      uniform              Stable               1               1                         1
                    """.formatted(group, node.bootstrapServers()));
            assertThat(groups("--list", "--type").lines()).anySatisfy(row ->
                    assertThat(row.split(" +")).containsExactly(group, "Consumer"));
            assertThat(groups("--delete", "--group", group)).contains("Error: Deletion of some consumer groups failed:",
                    "* Group '" + group + "' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException");

            consumers.close(consumer);
            assertThat(groups("--describe", "--group", group)).isEqualTo("""

                    Consumer group '%1$s' has no active members.

                    GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
                    %1$-15s %2$-15s 0          3               3               0               -               -               -
                    %1$-15s %2$-15s 1          3               3               0               -               -               -
                    %1$-15s %2$-15s 2          3               3               0               -               -               -
                    """.formatted(group, topic));
            assertThat(groups("--describe", "--group", group, "--state")).isEqualTo("""

                    Consumer group '%1$s' has no active members.

                    GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS
                    %1$-15s %2$-16s (1)      uniform              Empty                0
                    """.formatted(group, node.bootstrapServers()));
            assertThat(groups("--delete", "--group", group))
                    .isEqualTo("Deletion of requested consumer groups ('" + group + "') was successful.\n");
        }
    }

    @Test
    void offsetsOfAnInactiveGroupAreResetThenDeletedThenTheGroupIsDeleted() throws Exception {
        String topic = clients.createTopic("reset", 1);
        clients.produce(topic, 1, 3);
        String group = shortName("r");
        KafkaConsumer<String, String> consumer = clients.consumer(group);
        consumer.subscribe(List.of(topic));
        await("everything read").atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().size() == 1 && consumer.position(consumer.assignment().iterator().next()) == 3;
        });
        consumer.commitSync();
        clients.close(consumer);

        Map<String, String> expected = Map.of("--to-earliest", "0", "--to-latest", "3", "--to-offset 1", "1",
                "--shift-by -1", "2", "--to-datetime 2020-01-01T00:00:00.000", "0", "--by-duration PT1H", "0");
        for (Map.Entry<String, String> reset : expected.entrySet()) {
            String[] args = Stream.concat(Stream.of("--reset-offsets"), Stream.of(reset.getKey().split(" ")))
                    .toArray(String[]::new);
            assertThat(groups(Stream.concat(Stream.of(args), Stream.of("--group", group, "--topic", topic, "--dry-run"))
                    .toArray(String[]::new))).as(reset.getKey()).isEqualTo(resetTable(group, topic, reset.getValue()));
        }
        assertThat(describedOffset(group)).as("a dry run changes nothing").isEqualTo("3");

        assertThat(groups("--reset-offsets", "--to-offset", "1", "--group", group, "--topic", topic, "--execute"))
                .isEqualTo(resetTable(group, topic, "1"));
        assertThat(describedOffset(group)).isEqualTo("1");

        assertThat(groups("--delete-offsets", "--group", group, "--topic", topic)).isEqualTo("""
                Request succeeded for deleting offsets from group %s.

                TOPIC           PARTITION  STATUS
                %-15s 0          Successful
                """.formatted(group, topic));
        assertThat(groups("--describe", "--group", group).lines()).as("no offset left to describe")
                .contains("Consumer group '" + group + "' has no active members.").noneMatch(l -> l.startsWith(group));

        assertThat(groups("--delete", "--group", group))
                .isEqualTo("Deletion of requested consumer groups ('" + group + "') was successful.\n");
        assertThat(groups("--delete", "--group", group)).contains("* Group '" + group
                + "' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException");
        assertThat(groups("--list").lines()).doesNotContain(group);
    }

    /** A consumer of {@code group} that owns the three partitions of {@code topic}, read its nine records and committed. */
    private static KafkaConsumer<String, String> caughtUpAndCommitted(GroupTestClients clients, String group, String topic) {
        KafkaConsumer<String, String> consumer = clients.consumer(group);
        consumer.subscribe(List.of(topic));
        int[] read = {0};
        await("the consumer owns every partition and read everything").atMost(WAIT).until(() -> {
            read[0] += consumer.poll(Duration.ofMillis(100)).count();
            return consumer.assignment().size() == 3 && read[0] == 9;
        });
        consumer.commitSync();
        return consumer;
    }

    /** A group name short enough for the tool's 15-character columns, so that they line up as with Kafka. */
    private static String shortName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String resetTable(String group, String topic, String offset) {
        return """

                GROUP           TOPIC           PARTITION  NEW-OFFSET
                %-15s %-15s 0          %s
                """.formatted(group, topic, offset);
    }

    /** The CURRENT-OFFSET column of the group's one partition. */
    private String describedOffset(String group) throws Exception {
        List<String> rows = groups("--describe", "--group", group).lines().filter(l -> l.startsWith(group)).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0).split(" +")[3];
    }

    /** Runs kafka-consumer-groups with the given arguments; what it printed on stdout and stderr, trailing blanks cut. */
    private String groups(String... args) throws Exception {
        String[] all = Stream.concat(Stream.of("--bootstrap-server", node.bootstrapServers()), Stream.of(args))
                .toArray(String[]::new);
        return captured(() -> ConsumerGroupCommand.main(all));
    }

    private interface Command {
        void run() throws Exception;
    }

    private static synchronized String captured(Command command) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            command.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().map(String::stripTrailing)
                .filter(l -> !l.startsWith("The consumer rebalance protocol") && !l.contains("is deprecated"))
                .filter(l -> !KafkaTool.LOG_LINE.matcher(l).find())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
