package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.ReadShareGroupStateSummaryResponse;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ShareAcknowledgeResponse;
import org.apache.kafka.common.requests.ShareFetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ShareFetch and ShareAcknowledge (KIP-932) as a share consumer sends them, over a raw connection: members acquire
 * disjoint records with a delivery count, a released record comes back to the next fetch with its count raised, the
 * session epochs are checked, and closing a session releases what its member held.
 */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class ShareFetchTest {

    private static final short VERSION = 2;
    private final TestClients broker;
    private Admin admin;
    private String topic;
    private Uuid topicId;
    private RawKafkaConnection connection;
    private int nextEpoch = 1;

    ShareFetchTest(TestClients broker) {
        this.broker = broker;
    }

    @BeforeEach
    void createTopic() throws Exception {
        admin = broker.admin();
        topic = Topics.create(admin, "share", 1);
        topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        connection = RawKafkaConnection.open(broker.bootstrapServers());
        // A group's first fetch reads its share partition from the share coordinator, waiting at most MaxWaitMs
        // (200 ms here); the first use of __share_group_state creates and loads it, which may take longer.
        for (String group : List.of("g", "other")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stateSummaryError(group) == Errors.NONE);
        }
    }

    /** What the share coordinator of the group's state answers, once FindCoordinator made it create its topic. */
    private Errors stateSummaryError(String group) {
        connection.send(ApiKeys.FIND_COORDINATOR, connection.latestVersion(ApiKeys.FIND_COORDINATOR), new FindCoordinatorRequestData()
                .setKeyType(FindCoordinatorRequest.CoordinatorType.SHARE.id())
                .setCoordinatorKeys(List.of(group + ":" + topicId + ":0")));
        ReadShareGroupStateSummaryResponse response = (ReadShareGroupStateSummaryResponse) connection.send(
                ApiKeys.READ_SHARE_GROUP_STATE_SUMMARY, connection.latestVersion(ApiKeys.READ_SHARE_GROUP_STATE_SUMMARY),
                new ReadShareGroupStateSummaryRequestData().setGroupId(group).setTopics(List.of(
                        new ReadShareGroupStateSummaryRequestData.ReadStateSummaryData().setTopicId(topicId).setPartitions(
                                List.of(new ReadShareGroupStateSummaryRequestData.PartitionData().setPartition(0))))));
        return Errors.forCode(response.data().results().get(0).partitions().get(0).errorCode());
    }

    @AfterEach
    void close() {
        connection.close();
        admin.close();
    }

    @Test
    void membersAcquireDisjointRecordsAndAReleasedOneComesBackWithItsDeliveryCount() throws Exception {
        // The group starts at the log's end (share.auto.offset.reset=latest): the first fetch pins that, empty.
        assertThat(acquired(fetch("g", "a", 0, 10, List.of()))).isEmpty();
        produce(20);

        ShareFetchResponseData.PartitionData a = fetch("g", "a", 1, 10, List.of());
        assertThat(acquired(a)).containsExactly(List.of(0L, 9L, 1L));
        assertThat(offsets(a)).startsWith(0L).contains(9L);
        ShareFetchResponseData.PartitionData b = fetch("g", "b", 0, 10, List.of());
        assertThat(acquired(b)).containsExactly(List.of(10L, 19L, 1L));

        // a accepts 0..4 and releases 5..9 (type 2) with its next fetch, which acquires 5..9 again: a second delivery.
        ShareFetchResponseData.PartitionData acked = fetch("g", "a", 2, 10, List.of(
                ack(0, 4, 1), ack(5, 9, 2)));
        assertThat(acked.acknowledgeErrorCode()).isEqualTo(Errors.NONE.code());
        assertThat(acquired(acked)).containsExactly(List.of(5L, 9L, 2L));
        assertThat(acquired(fetch("g", "b", 1, 10, List.of()))).isEmpty();

        // Accepting records another member holds is refused, and changes nothing.
        assertThat(fetch("g", "a", 3, 10, List.of(ack(10, 12, 1))).acknowledgeErrorCode())
                .isEqualTo(Errors.INVALID_RECORD_STATE.code());
        // Another group reads the same records from its own start.
        assertThat(acquired(fetch("other", "a", 0, 100, List.of()))).isEmpty();
    }

    @Test
    void sessionEpochsAreCheckedAndClosingASessionReleasesItsRecords() throws Exception {
        fetch("g", "a", 0, 10, List.of());
        produce(5);
        assertThat(acquired(fetch("g", "a", 1, 10, List.of()))).containsExactly(List.of(0L, 4L, 1L));

        ShareFetchResponse stale = (ShareFetchResponse) connection.send(ApiKeys.SHARE_FETCH, VERSION, request("g", "a", 1, 10, List.of()));
        assertThat(stale.data().errorCode()).isEqualTo(Errors.INVALID_SHARE_SESSION_EPOCH.code());
        ShareFetchResponse unknown = (ShareFetchResponse) connection.send(ApiKeys.SHARE_FETCH, VERSION, request("g", "nobody", 3, 10, List.of()));
        assertThat(unknown.data().errorCode()).isEqualTo(Errors.SHARE_SESSION_NOT_FOUND.code());
        // A session being opened has nothing to acknowledge (as Kafka 4.4 answers).
        ShareFetchResponse opening = (ShareFetchResponse) connection.send(ApiKeys.SHARE_FETCH, VERSION,
                request("g", "c", 0, 10, List.of(ack(0, 0, 1))));
        assertThat(opening.data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());

        // ShareAcknowledge moves the same session on; closing it (-1) releases the rest of what a held.
        ShareAcknowledgeResponse accepted = (ShareAcknowledgeResponse) connection.send(ApiKeys.SHARE_ACKNOWLEDGE, VERSION, acknowledge("a", 2, 0, 1));
        assertThat(accepted.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(accepted.data().responses().iterator().next().partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        ShareAcknowledgeResponse closed = (ShareAcknowledgeResponse) connection.send(ApiKeys.SHARE_ACKNOWLEDGE, VERSION, acknowledge("a", -1, 2, 2));
        assertThat(closed.data().errorCode()).isEqualTo(Errors.NONE.code());

        // 0..1 accepted, 2 accepted at the close, 3..4 released: b gets 3..4 at their second delivery.
        assertThat(acquired(fetch("g", "b", 0, 10, List.of()))).containsExactly(List.of(3L, 4L, 2L));
    }

    @Test
    void aMembersRecordsGoBackAsSoonAsItsConnectionCloses() throws Exception {
        fetch("g", "b", 0, 10, List.of());
        produce(3);
        try (RawKafkaConnection other = RawKafkaConnection.open(broker.bootstrapServers())) {
            ShareFetchResponse held = (ShareFetchResponse) other.send(ApiKeys.SHARE_FETCH, VERSION, request("g", "a", 0, 10, List.of()));
            assertThat(acquired(held.data().responses().iterator().next().partitions().get(0)))
                    .containsExactly(List.of(0L, 2L, 1L));
        }
        // Well within the 30 s lock: the records come back when the connection closes.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(acquired(fetch("g", "b", nextEpoch++, 10, List.of()))).containsExactly(List.of(0L, 2L, 2L)));
    }

    @Test
    void aWaitingFetchIsAnsweredAsSoonAsAnotherMemberReleasesRecords() throws Exception {
        fetch("g", "a", 0, 10, List.of());
        produce(3);
        assertThat(acquired(fetch("g", "a", 1, 10, List.of()))).containsExactly(List.of(0L, 2L, 1L));
        // Reads wait as long as the test's own bound below, not the connection's default 10 s: on a loaded machine
        // the release's durable write alone can take seconds.
        try (RawKafkaConnection other = RawKafkaConnection.open(broker.bootstrapServers(), Duration.ofSeconds(30))) {
            // b opens its session, then waits up to a minute for records: all three are a's.
            other.send(ApiKeys.SHARE_FETCH, VERSION, request("g", "b", 0, 10, List.of()));
            ShareFetchRequestData waiting = request("g", "b", 1, 10, List.of()).setMaxWaitMs(60_000);
            CompletableFuture<ShareFetchResponse> answer = CompletableFuture.supplyAsync(() ->
                    (ShareFetchResponse) other.send(ApiKeys.SHARE_FETCH, VERSION, waiting));

            fetch("g", "a", 2, 10, List.of(ack(0, 2, 2)));

            // Answered when a released, well before its minute of waiting is up.
            ShareFetchResponse released = answer.get(30, TimeUnit.SECONDS);
            assertThat(acquired(released.data().responses().iterator().next().partitions().get(0)))
                    .containsExactly(List.of(0L, 2L, 2L));
        }
    }

    private void produce(int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of("linger.ms", 50, "batch.size", 1 << 16))) {
            for (int i = 0; i < count; i++) producer.send(new ProducerRecord<>(topic, 0, null, ("r" + i).getBytes(UTF_8)));
        }
    }

    private ShareFetchResponseData.PartitionData fetch(String group, String member, int epoch, int maxRecords,
                                                       List<ShareFetchRequestData.AcknowledgementBatch> acks) {
        ShareFetchResponse response = (ShareFetchResponse) connection.send(ApiKeys.SHARE_FETCH, VERSION, request(group, member, epoch, maxRecords, acks));
        assertThat(response.data().errorCode()).as("top-level error").isEqualTo(Errors.NONE.code());
        return response.data().responses().stream().flatMap(t -> t.partitions().stream()).findFirst()
                .orElse(new ShareFetchResponseData.PartitionData());
    }

    private ShareFetchRequestData request(String group, String member, int epoch, int maxRecords,
                                          List<ShareFetchRequestData.AcknowledgementBatch> acks) {
        ShareFetchRequestData.FetchTopicCollection topics = new ShareFetchRequestData.FetchTopicCollection();
        ShareFetchRequestData.FetchTopic fetched = new ShareFetchRequestData.FetchTopic().setTopicId(topicId);
        fetched.partitions().add(new ShareFetchRequestData.FetchPartition().setPartitionIndex(0)
                .setAcknowledgementBatches(new ArrayList<>(acks)));
        topics.add(fetched);
        return new ShareFetchRequestData().setGroupId(group).setMemberId(member).setShareSessionEpoch(epoch)
                .setMaxWaitMs(200).setMinBytes(1).setMaxBytes(1 << 20).setMaxRecords(maxRecords).setBatchSize(maxRecords)
                .setShareAcquireMode((byte) 1).setTopics(topics);
    }

    private ShareAcknowledgeRequestData acknowledge(String member, int epoch, long first, long last) {
        ShareAcknowledgeRequestData.AcknowledgeTopicCollection topics = new ShareAcknowledgeRequestData.AcknowledgeTopicCollection();
        ShareAcknowledgeRequestData.AcknowledgeTopic acked = new ShareAcknowledgeRequestData.AcknowledgeTopic().setTopicId(topicId);
        acked.partitions().add(new ShareAcknowledgeRequestData.AcknowledgePartition().setPartitionIndex(0)
                .setAcknowledgementBatches(List.of(new ShareAcknowledgeRequestData.AcknowledgementBatch()
                        .setFirstOffset(first).setLastOffset(last).setAcknowledgeTypes(List.of((byte) 1)))));
        topics.add(acked);
        return new ShareAcknowledgeRequestData().setGroupId("g").setMemberId(member).setShareSessionEpoch(epoch)
                .setTopics(topics);
    }

    private static ShareFetchRequestData.AcknowledgementBatch ack(long first, long last, int type) {
        return new ShareFetchRequestData.AcknowledgementBatch().setFirstOffset(first).setLastOffset(last)
                .setAcknowledgeTypes(List.of((byte) type));
    }

    private static List<List<Long>> acquired(ShareFetchResponseData.PartitionData partition) {
        return partition.acquiredRecords().stream()
                .map(r -> List.of(r.firstOffset(), r.lastOffset(), (long) r.deliveryCount())).toList();
    }

    private static List<Long> offsets(ShareFetchResponseData.PartitionData partition) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : ShareFetchResponse.recordsOrFail(partition).batches()) {
            batch.forEach(record -> offsets.add(record.offset()));
        }
        return offsets;
    }
}
