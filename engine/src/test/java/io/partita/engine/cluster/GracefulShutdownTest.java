package io.partita.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A node that closes hands its leaderships over first; a node that joins gets replicas of new partitions. */
@Tag("cluster")
class GracefulShutdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    /** Watches the shared metadata from node 3's member: what node {@code leaving} led when its broker was removed. */
    private static final class LeadershipAtDeparture implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String> {
        private final String leaving;
        private final Map<String, String> latestTopics = new ConcurrentHashMap<>();
        private final List<String> ledAtDeparture = new CopyOnWriteArrayList<>();
        private volatile boolean departed;

        LeadershipAtDeparture(int leaving) {
            this.leaving = Integer.toString(leaving);
        }

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            if (event.getKey().startsWith("topic/")) latestTopics.put(event.getKey().substring("topic/".length()), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            entryAdded(event);
        }

        /** Listens to the metadata map: the leaving broker's registration goes away as it leaves. */
        EntryRemovedListener<String, String> departures() {
            return this::brokerRemoved;
        }

        private void brokerRemoved(EntryEvent<String, String> event) {
            if (!event.getKey().equals("broker/" + leaving)) return;
            latestTopics.forEach((topic, json) -> {
                try {
                    for (JsonNode p : JSON.readTree(json).get("partitions")) {
                        if (p.get("leader").asText().equals(leaving)) ledAtDeparture.add(topic + "-" + p.get("partition").asInt());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            departed = true;
        }
    }

    @Test
    void aClosingLeaderHandsOverFirstSoIdempotentProducersAndConsumersSeeNoErrors() throws Exception {
        TestCluster cluster = clusters.start(2_000);
        Admin admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic("calm", 3, (short) 3).configs(Map.of("min.insync.replicas", "2")))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.describeTopics(List.of("calm")).allTopicNames().get()
                .get("calm").partitions().stream().allMatch(p -> p.isr().size() == 3));
        LeadershipAtDeparture watch = new LeadershipAtDeparture(1);
        cluster.member(3).<String, String>getMap("partita.metadata").addEntryListener(watch, true);
        cluster.member(3).<String, String>getMap("partita.metadata").addEntryListener(watch.departures(), true);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        List<Exception> failures = new CopyOnWriteArrayList<>();
        int total = 3_000;

        for (int i = 0; i < total; i++) {
            if (i == 1_000) cluster.stopNode(1);
            producer.send(new ProducerRecord<>("calm", i % 3, null, ("v" + i).getBytes()), (md, e) -> {
                if (e != null) failures.add(e);
            });
        }
        producer.flush();

        assertThat(failures).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.departed);
        assertThat(watch.ledAtDeparture).as("partitions node 1 still led when it left").isEmpty();
        KafkaConsumer<byte[], byte[]> consumer = cluster.consumer();
        List<TopicPartition> tps = List.of(new TopicPartition("calm", 0), new TopicPartition("calm", 1), new TopicPartition("calm", 2));
        consumer.assign(tps);
        List<String> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) read.add(new String(r.value()));
            return read.size() >= total;
        });
        assertThat(read).hasSize(total).doesNotHaveDuplicates();
    }

    @Test
    void aJoiningNodeGetsReplicasOfNewTopicsAtOnce() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        cluster.startNode(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.memberCount() == 4);
        Admin admin = cluster.admin();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeCluster().nodes().get().size() == 4);

        admin.createTopics(List.of(new NewTopic("spread", 4, (short) 2))).all().get();

        // The node asked may not have seen the new topic yet (metadata reaches every node within a poll, as in Kafka).
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            TopicDescription d = admin.describeTopics(List.of("spread")).allTopicNames().get().get("spread");
            assertThat(d.partitions()).anySatisfy(p -> assertThat(p.leader().id()).isEqualTo(4));
            assertThat(d.partitions().stream().flatMap(p -> p.replicas().stream()).map(Node::id).filter(id -> id == 4).count())
                    .isEqualTo(2);
        });
    }
}
