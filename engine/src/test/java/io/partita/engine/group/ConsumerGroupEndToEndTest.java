package io.partita.engine.group;

import io.partita.engine.it.TestNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.apache.kafka.tools.consumer.ConsoleConsumerOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real Kafka 4.4 consumers (of both group protocols), the console consumer and the admin client against a node:
 * subscribe, share partitions, rebalance, commit, resume from committed offsets, list and describe groups.
 */
@Tag("slow")
class ConsumerGroupEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @RegisterExtension
    static final TestNode.PerClass node = new TestNode.PerClass(dir -> GroupTestClients.nodeSettings(dir, 200));
    private GroupTestClients clients;
    private Admin admin;

    @BeforeEach
    void openClients() {
        clients = new GroupTestClients(node.clients());
        admin = clients.admin();
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void twoSubscribersShareTheTopicThenOneTakesOverWhenTheOtherLeaves(GroupProtocol protocol) throws Exception {
        String topic = clients.createTopic("group-it", 2);
        clients.produce(topic, 2, 20);
        String group = "shared-" + UUID.randomUUID();
        KafkaConsumer<String, String> first = consumer(group, protocol);
        KafkaConsumer<String, String> second = consumer(group, protocol);
        first.subscribe(List.of(topic));
        second.subscribe(List.of(topic));

        List<String> seen = new ArrayList<>();
        await("both consumers own a partition and everything is read").atMost(WAIT).until(() -> {
            first.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
            second.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
            return first.assignment().size() == 1 && second.assignment().size() == 1 && seen.size() == 20;
        });
        assertThat(new HashSet<>(seen)).hasSize(20);
        assertThat(union(first.assignment(), second.assignment()))
                .containsExactlyInAnyOrder(new TopicPartition(topic, 0), new TopicPartition(topic, 1));

        ConsumerGroupDescription stable = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        assertThat(stable.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(stable.members()).hasSize(2);
        assertThat(stable.members()).flatExtracting(m -> m.assignment().topicPartitions()).hasSize(2);
        assertThat(stable.partitionAssignor()).isNotEmpty();

        clients.close(second);
        await("the remaining consumer owns both partitions").atMost(WAIT).until(() -> {
            first.poll(Duration.ofMillis(100));
            return first.assignment().size() == 2;
        });
        MemberDescription alone = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().iterator().next();
        assertThat(alone.assignment().topicPartitions()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aNewConsumerOfTheGroupResumesFromTheCommittedOffsets(GroupProtocol protocol) throws Exception {
        String topic = clients.createTopic("group-it", 1);
        clients.produce(topic, 1, 10);
        String group = "resume-" + UUID.randomUUID();
        KafkaConsumer<String, String> first = consumer(group, protocol);
        first.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        await("the first six records").atMost(WAIT).until(() -> {
            first.poll(Duration.ofMillis(100)).forEach(read::add);
            return read.size() >= 6;
        });
        TopicPartition tp = new TopicPartition(topic, 0);
        first.commitSync(Map.of(tp, new OffsetAndMetadata(6, Optional.of(0), "six")));
        assertThat(first.committed(Set.of(tp)).get(tp).offset()).isEqualTo(6);
        clients.close(first);

        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(tp).offset()).isEqualTo(6);
        assertThat(committed.get(tp).metadata()).isEqualTo("six");
        assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState()).isEqualTo(GroupState.EMPTY);

        KafkaConsumer<String, String> second = consumer(group, protocol);
        second.subscribe(List.of(topic));
        List<String> rest = new ArrayList<>();
        await("the remaining records").atMost(WAIT).until(() -> {
            second.poll(Duration.ofMillis(100)).forEach(r -> rest.add(r.value()));
            return rest.size() >= 4;
        });
        assertThat(rest).containsExactly("v6", "v7", "v8", "v9");
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void groupsAreListedByTheAdminClient(GroupProtocol protocol) throws Exception {
        String topic = clients.createTopic("group-it", 1);
        String group = "listed-" + UUID.randomUUID();
        KafkaConsumer<String, String> consumer = consumer(group, protocol);
        consumer.subscribe(List.of(topic));
        await("joined").atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().size() == 1;
        });

        await("listed as stable").atMost(WAIT).untilAsserted(() -> {
            Map<String, GroupListing> groups = new HashMap<>();
            admin.listGroups(new ListGroupsOptions()).all().get().forEach(g -> groups.put(g.groupId(), g));
            assertThat(groups).containsKey(group);
            assertThat(groups.get(group).groupState()).contains(GroupState.STABLE);
            assertThat(groups.get(group).protocol()).isEqualTo("consumer");
        });
        assertThat(admin.describeConsumerGroups(List.of("never-seen")).all()).failsWithin(WAIT)
                .withThrowableThat().withMessageContaining("GroupIdNotFoundException");
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void theConsoleConsumerWithoutAGroupReadsTheTopicUnderARandomGroup(GroupProtocol protocol) throws Exception {
        String topic = clients.createTopic("group-it", 1);
        clients.produce(topic, 1, 5);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ConsoleConsumer.run(new ConsoleConsumerOptions(new String[] {"--bootstrap-server", node.bootstrapServers(),
                    "--topic", topic, "--from-beginning", "--max-messages", "5", "--timeout-ms", "20000",
                    "--command-property", "group.protocol=" + protocol.name().toLowerCase(Locale.ROOT)}));
        } finally {
            System.setOut(stdout);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly("v0", "v1", "v2", "v3", "v4");
        assertThat(admin.listGroups(new ListGroupsOptions()).all().get())
                .extracting(GroupListing::groupId).anyMatch(id -> id.startsWith("console-consumer-"));
    }

    /** KIP-848's server-side regex: the coordinator resolves it, and sees topics created later. */
    @Test
    void aServerSideRegexSubscriptionTakesMatchingTopicsIncludingNewOnes() throws Exception {
        String prefix = "regex-" + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of(prefix + "-a", prefix + "-b", "other-" + prefix)) {
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get();
        }
        KafkaConsumer<String, String> consumer = consumer("regex-" + prefix, GroupProtocol.CONSUMER);
        consumer.subscribe(new SubscriptionPattern(prefix + "-.*"));
        await("both matching topics are assigned").atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().stream().map(TopicPartition::topic).collect(Collectors.toSet())
                    .equals(Set.of(prefix + "-a", prefix + "-b")) && consumer.assignment().size() == 4;
        });

        admin.createTopics(List.of(new NewTopic(prefix + "-c", 1, (short) 1))).all().get();
        await("a new matching topic is assigned too").atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().contains(new TopicPartition(prefix + "-c", 0));
        });
        MemberDescription member = admin.describeConsumerGroups(List.of("regex-" + prefix)).all().get()
                .get("regex-" + prefix).members().iterator().next();
        assertThat(member.assignment().topicPartitions()).hasSize(5);
    }

    private KafkaConsumer<String, String> consumer(String group, GroupProtocol protocol) {
        return clients.consumer(group, Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT)));
    }

    private static Set<TopicPartition> union(Set<TopicPartition> a, Set<TopicPartition> b) {
        Set<TopicPartition> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
