package io.partita.engine.it;

import io.partita.engine.share.SharePartitionView;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators see of a share group's partitions ({@code PartitaNode.sharePartitions}) after a real share consumer
 * accepted, rejected and released records: while it holds the released ones again, the leader's own counts, acquired
 * records among them; once it closed and the leader dropped the share partition, the durable state's, read from the
 * share coordinator, where those records are available.
 */
class SharePartitionViewsTest {

    @TempDir
    Path dataDir;

    @BeforeEach
    void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    @Test
    void theLeaderCountsTheRecordsAMemberHoldsAndTheDurableStateCountsThemAvailable() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            TestClients broker = node.clients();
            String group = Topics.uniqueName("viewed-share-group");
            String topic;
            try (Admin admin = broker.admin()) {
                topic = Topics.create(admin, "viewed", 1);
            }
            InFlightShareRecords.startFromEarliest(broker.bootstrapServers(), group);
            try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>(topic, ("record-" + i).getBytes(UTF_8)));
            }

            try (KafkaShareConsumer<String, String> consumer =
                         InFlightShareRecords.subscribed(broker.bootstrapServers(), group, "viewed-worker", topic)) {
                List<ConsumerRecord<String, String>> held = InFlightShareRecords.leave(consumer, 10,
                        Map.of(6L, AcknowledgeType.RELEASE, 7L, AcknowledgeType.RELEASE, 8L, AcknowledgeType.REJECT));
                assertThat(held).extracting(ConsumerRecord::offset).containsExactly(6L, 7L);

                assertThat(views(node, group, List.of(topic, "no-such-topic"))).as("held by the leader")
                        .containsExactly(new SharePartitionView(topic, 0, 6, 10, 0, 2, 1, 1));
            }
            await("the share partition dropped by the leader").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(views(node, group, List.of(topic))).as("read from the share coordinator")
                            .containsExactly(new SharePartitionView(topic, 0, 6, 10, 2, -1, 1, 1)));
            assertThat(views(node, Topics.uniqueName("never-fetched"), List.of(topic))).as("a group without state there")
                    .containsExactly(new SharePartitionView(topic, 0, -1, -1, 0, -1, 0, 0));
        }
    }

    private static List<SharePartitionView> views(TestNode node, String group, List<String> topics) throws Exception {
        return node.node().sharePartitions(group, topics).get(30, TimeUnit.SECONDS);
    }
}
