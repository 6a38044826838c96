package io.partita.engine.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A share group's offsets over three nodes: its coordinator resets and describes share partitions whose state is kept
 * by share coordinators on other nodes, and counts their lags up to high watermarks asked of the partitions' leaders
 * elsewhere.
 */
@Tag("cluster")
class ShareGroupOffsetsAcrossNodesTest {

    private static final String TOPIC = "spread-shares";
    private static final String GROUP = "spread-share-group";

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @Test
    void offsetsOfPartitionsLedAndKeptByOtherNodesAreResetDescribedWithTheirLagAndDeleted() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC)
                .partitions().stream().filter(p -> p.leader() != null).map(p -> p.leader().id()).distinct().count() == 3);
        Map<TopicPartition, Long> resetTo = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of())) {
            for (int p = 0; p < 3; p++) {
                // partition p: 2 + 2p records, reset to offset p, so its lag is 2 + p
                for (int i = 0; i < 2 + 2 * p; i++) producer.send(new ProducerRecord<>(TOPIC, p, null, ("r" + i).getBytes(UTF_8))).get();
                resetTo.put(new TopicPartition(TOPIC, p), (long) p);
            }
        }

        admin.alterShareGroupOffsets(GROUP, resetTo).all().get();

        Map<TopicPartition, SharePartitionOffsetInfo> described = admin.listShareGroupOffsets(
                Map.of(GROUP, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(GROUP).get();
        assertThat(described).hasSize(3);
        resetTo.forEach((tp, offset) -> {
            assertThat(described.get(tp).startOffset()).as("start of %s", tp).isEqualTo(offset);
            assertThat(described.get(tp).lag()).as("lag of %s", tp).isEqualTo(Optional.of(2 + offset));
        });

        admin.deleteShareGroupOffsets(GROUP, Set.of(TOPIC)).all().get();
        assertThat(admin.listShareGroupOffsets(Map.of(GROUP, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(GROUP).get())
                .isEmpty();
    }
}
