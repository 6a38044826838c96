package io.partita.engine.group;

import io.partita.engine.it.TestNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.partita.engine.group.GroupTestClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Rebalances with real Kafka 4.4 consumers, under the classic protocol and the consumer protocol (KIP-848): balanced
 * assignments for every client-side assignor and every server-side one, rebalance listener callbacks, members
 * removed when their session or poll interval passes, and {@code auto.offset.reset}.
 */
@Tag("slow")
class RebalanceTest {

    @RegisterExtension
    static final TestNode.PerClass node = new TestNode.PerClass(dir -> GroupTestClients.nodeSettings(dir, 0));
    private GroupTestClients clients;

    @AfterEach
    void closeClients() throws Exception {
        if (clients != null) {
            clients.close();
        }
    }

    private GroupTestClients clients(GroupProtocol protocol) {
        clients = new GroupTestClients(node.clients(), protocol);
        return clients;
    }

    /** Client-side assignors under the classic protocol, server-side ones under the consumer protocol. */
    static Stream<Arguments> assignors() {
        return Stream.of(
                Arguments.of(GroupProtocol.CLASSIC, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName(), "range"),
                Arguments.of(GroupProtocol.CLASSIC, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RoundRobinAssignor.class.getName(), "roundrobin"),
                Arguments.of(GroupProtocol.CLASSIC, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, StickyAssignor.class.getName(), "sticky"),
                Arguments.of(GroupProtocol.CLASSIC, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(), "cooperative-sticky"),
                Arguments.of(GroupProtocol.CONSUMER, ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "uniform", "uniform"),
                Arguments.of(GroupProtocol.CONSUMER, ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range", "range"));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("assignors")
    void threePartitionsAreBalancedOverOneToFourConsumers(GroupProtocol protocol, String setting, String assignor,
                                                          String assignorName) throws Exception {
        GroupTestClients clients = clients(protocol);
        String topic = clients.createTopic("balance", 3);
        String group = "balance-" + assignorName + "-" + topic;
        Admin admin = clients.admin();
        List<KafkaConsumer<String, String>> members = new ArrayList<>();
        List<List<Integer>> expectedSizes = List.of(List.of(3), List.of(1, 2), List.of(1, 1, 1), List.of(0, 1, 1, 1));
        for (List<Integer> sizes : expectedSizes) {
            KafkaConsumer<String, String> consumer = clients.consumer(group, Map.of(setting, assignor));
            consumer.subscribe(List.of(topic));
            members.add(consumer);
            await(members.size() + " consumers share 3 partitions").atMost(WAIT).ignoreExceptions().until(() -> {
                members.forEach(m -> m.poll(Duration.ofMillis(50)));
                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return described.groupState() == GroupState.STABLE && described.members().size() == members.size()
                        && members.stream().map(m -> m.assignment().size()).sorted().toList().equals(sizes)
                        && union(members).size() == 3;
            });
        }
        ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        assertThat(described.partitionAssignor()).isEqualTo(assignorName);
        assertThat(described.type()).isEqualTo(protocol == GroupProtocol.CLASSIC ? GroupType.CLASSIC : GroupType.CONSUMER);
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void rebalanceListenersAreToldWhatIsRevokedAndAssigned(GroupProtocol protocol) throws Exception {
        GroupTestClients clients = clients(protocol);
        String topic = clients.createTopic("listener", 2);
        String group = "listener-" + topic;
        List<String> firstEvents = new CopyOnWriteArrayList<>();
        KafkaConsumer<String, String> first = clients.consumer(group);
        first.subscribe(List.of(topic), recording(firstEvents));
        await("the first consumer owns both partitions").atMost(WAIT).until(() -> {
            first.poll(Duration.ofMillis(50));
            return first.assignment().size() == 2;
        });
        assertThat(firstEvents).containsExactly("assigned [0, 1]");

        KafkaConsumer<String, String> second = clients.consumer(group);
        second.subscribe(List.of(topic));
        await("the second consumer owns a partition").atMost(WAIT).until(() -> {
            first.poll(Duration.ofMillis(50));
            second.poll(Duration.ofMillis(50));
            return first.assignment().size() == 1 && second.assignment().size() == 1;
        });
        boolean eager = protocol == GroupProtocol.CLASSIC;
        // The classic protocol with the default (eager) range assignor revokes everything and assigns anew; the
        // consumer protocol revokes and assigns only what changes, the uniform assignor keeping what it can.
        assertThat(firstEvents).containsExactlyElementsOf(eager
                ? List.of("assigned [0, 1]", "revoked [0, 1]", "assigned [0]")
                : List.of("assigned [0, 1]", "revoked [1]", "assigned []"));

        clients.close(second);
        await("the first consumer owns both partitions again").atMost(WAIT).until(() -> {
            first.poll(Duration.ofMillis(50));
            return first.assignment().size() == 2;
        });
        assertThat(firstEvents).endsWith(eager ? new String[] {"revoked [0]", "assigned [0, 1]"} : new String[] {"revoked [1]", "assigned []", "assigned [1]"});
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aKilledConsumerLosesItsPartitionsAfterItsSessionAndAnotherResumesFromItsCommits(GroupProtocol protocol) throws Exception {
        GroupTestClients clients = clients(protocol);
        String topic = clients.createTopic("killed", 1);
        clients.produce(topic, 1, 10);
        String group = "killed-" + topic;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildConsumerProcess.class.getName(),
                node.bootstrapServers(), group, topic, protocol.name().toLowerCase(Locale.ROOT)));
        if (protocol == GroupProtocol.CLASSIC) {
            command.add(Integer.toString(GroupTestClients.CONSUMER_SESSION_TIMEOUT_MS));
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("committed 10"));
            assertThat(line).as("the child consumer read and committed everything").isEqualTo("committed 10");
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        clients.produce(topic, 1, 13);
        Admin admin = clients.admin();
        assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).members())
                .as("killed without leaving: still a member").hasSize(1);

        long killedAt = System.nanoTime();
        KafkaConsumer<String, String> successor = clients.consumer(group);
        successor.subscribe(List.of(topic));
        List<String> read = new ArrayList<>();
        await("the successor reads what the killed consumer did not commit").atMost(WAIT).until(() -> {
            successor.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
            return read.size() >= 13;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("not before the session passed")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(read).containsExactlyElementsOf(IntStream.range(0, 13).mapToObj(i -> "v" + i).toList());
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aConsumerThatStopsPollingLeavesAfterMaxPollInterval(GroupProtocol protocol) throws Exception {
        GroupTestClients clients = clients(protocol);
        String topic = clients.createTopic("slow", 2);
        String group = "slow-" + topic;
        KafkaConsumer<String, String> slow = clients.consumer(group, Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 2000));
        slow.subscribe(List.of(topic));
        await("joined").atMost(WAIT).until(() -> {
            slow.poll(Duration.ofMillis(50));
            return slow.assignment().size() == 2;
        });
        KafkaConsumer<String, String> busy = clients.consumer(group);
        busy.subscribe(List.of(topic));

        await("the member that stopped polling is removed; the other owns everything").atMost(WAIT).until(() -> {
            busy.poll(Duration.ofMillis(50));
            return busy.assignment().size() == 2;
        });
        ConsumerGroupDescription described = clients.admin().describeConsumerGroups(List.of(group)).all().get().get(group);
        assertThat(described.members()).singleElement()
                .satisfies(m -> assertThat(m.consumerId()).isEqualTo(busy.groupMetadata().memberId()));
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void autoOffsetResetDecidesWhereAGroupWithoutCommitsStarts(GroupProtocol protocol) throws Exception {
        GroupTestClients clients = clients(protocol);
        String topic = clients.createTopic("reset", 1);
        clients.produce(topic, 1, 3);
        TopicPartition tp = new TopicPartition(topic, 0);

        KafkaConsumer<String, String> earliest = clients.consumer("earliest-" + topic);
        earliest.subscribe(List.of(topic));
        List<String> fromStart = new ArrayList<>();
        await("earliest reads from the start").atMost(WAIT).until(() -> {
            earliest.poll(Duration.ofMillis(50)).forEach(r -> fromStart.add(r.value()));
            return fromStart.size() >= 3;
        });
        assertThat(fromStart).containsExactly("v0", "v1", "v2");

        KafkaConsumer<String, String> latest = clients.consumer("latest-" + topic,
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        latest.subscribe(List.of(topic));
        await("latest starts at the end").atMost(WAIT).until(() -> {
            latest.poll(Duration.ofMillis(50));
            return latest.assignment().contains(tp) && latest.position(tp) == 3;
        });

        KafkaConsumer<String, String> none = clients.consumer("none-" + topic,
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
        none.subscribe(List.of(topic));
        assertThatThrownBy(() -> await().atMost(WAIT).until(() -> {
            none.poll(Duration.ofMillis(50));
            return false;
        })).isInstanceOf(NoOffsetForPartitionException.class);
    }

    private static ConsumerRebalanceListener recording(List<String> events) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked " + partitions.stream().map(TopicPartition::partition).sorted().toList());
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned " + partitions.stream().map(TopicPartition::partition).sorted().toList());
            }
        };
    }

    private static Set<TopicPartition> union(List<KafkaConsumer<String, String>> members) {
        Set<TopicPartition> all = new HashSet<>();
        members.forEach(m -> all.addAll(m.assignment()));
        return all;
    }
}
