package io.partita.engine.it;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.map.MapStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The coordinators do not share a thread: while the transaction coordinator waits on a metadata write that hangs
 * (the reservation of the first block of producer ids, a compare-and-set on the metadata store), the group
 * coordinator still answers a consumer group heartbeat. The store is the node's real one, Hazelcast's map, whose
 * writes go through a write-through map store that holds the producer id write until the test lets it go.
 */
class SlowMetadataWriteTest {

    /** The metadata entry a producer id block is reserved by (ClusterMetadata's key). */
    private static final String PRODUCER_ID_KEY = "cluster/producer.id.next";

    private final HeldWrites writes = new HeldWrites();
    private TestNode node;

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() throws Exception {
        ExternalBroker.assumeNone();
        Config config = IsolatedHazelcast.config("partita-it-" + UUID.randomUUID());
        config.addMapConfig(new MapConfig("partita.metadata").setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                .setWriteDelaySeconds(0).setImplementation(writes)));
        node = TestNode.start(TestNode.settings(dataDir, 1, false), IsolatedHazelcast.startMember(config), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        writes.release.countDown();
        if (node != null) node.close();
    }

    @Test
    void aGroupHeartbeatIsAnsweredWhileTheTransactionCoordinatorWaitsOnAMetadataWrite() throws Exception {
        TestClients broker = node.clients();
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "heartbeats", 1, Map.of());
        }
        try (RawKafkaConnection member = RawKafkaConnection.open(broker.bootstrapServers(), Duration.ofSeconds(20));
             KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "held-" + UUID.randomUUID(),
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000))) {
            ConsumerGroupHeartbeatRequestData joining = new ConsumerGroupHeartbeatRequestData().setGroupId("beating")
                    .setMemberId(Uuid.randomUuid().toString()).setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                    .setSubscribedTopicNames(List.of(topic)).setTopicPartitions(List.of());
            await("the group's coordinator is found").atMost(Duration.ofSeconds(30)).until(() -> member.<FindCoordinatorResponse>send(
                    new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData().setKeyType(CoordinatorType.GROUP.id())
                            .setCoordinatorKeys(List.of("beating")))).data().coordinators().get(0).errorCode() == Errors.NONE.code());
            ConsumerGroupHeartbeatResponse joined = await("the member joins").atMost(Duration.ofSeconds(30))
                    .until(() -> heartbeat(member, joining), r -> r.data().errorCode() == Errors.NONE.code());

            writes.held = true;
            CompletableFuture<Void> init = CompletableFuture.runAsync(producer::initTransactions);
            assertThat(writes.holding.await(60, TimeUnit.SECONDS)).as("the producer id write is held").isTrue();

            ConsumerGroupHeartbeatResponse beat = heartbeat(member, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("beating").setMemberId(joining.memberId())
                    .setMemberEpoch(joined.data().memberEpoch()));
            assertThat(Errors.forCode(beat.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(init).as("the producer still waits for its id").isNotDone();
            assertThat(node.node().executorWaits().get("group coordinator").count()).as("tasks the group coordinator ran")
                    .isPositive();

            writes.release.countDown();
            assertThat(init).succeedsWithin(Duration.ofSeconds(60));
        }
    }

    private static ConsumerGroupHeartbeatResponse heartbeat(RawKafkaConnection connection, ConsumerGroupHeartbeatRequestData data) {
        return connection.send(new ConsumerGroupHeartbeatRequest.Builder(data));
    }

    /**
     * The metadata map's write-through store: keeps nothing, and once {@link #held} holds the write of the producer
     * id block (on the Hazelcast partition thread, so the caller's put waits) until {@link #release}.
     */
    private static final class HeldWrites implements MapStore<String, String> {

        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean held;

        @Override
        public void store(String key, String value) {
            if (!held || !key.equals(PRODUCER_ID_KEY)) return;
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void storeAll(Map<String, String> entries) {
            entries.forEach(this::store);
        }

        @Override
        public void delete(String key) {
        }

        @Override
        public void deleteAll(Collection<String> keys) {
        }

        @Override
        public String load(String key) {
            return null;
        }

        @Override
        public Map<String, String> loadAll(Collection<String> keys) {
            return Map.of();
        }

        @Override
        public Iterable<String> loadAllKeys() {
            return List.of();
        }
    }
}
