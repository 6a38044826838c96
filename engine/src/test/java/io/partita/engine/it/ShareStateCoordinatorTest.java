package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteShareGroupStateRequestData;
import org.apache.kafka.common.message.DeleteShareGroupStateResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitializeShareGroupStateRequestData;
import org.apache.kafka.common.message.InitializeShareGroupStateResponseData;
import org.apache.kafka.common.message.ReadShareGroupStateRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateResponseData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryResponseData;
import org.apache.kafka.common.message.WriteShareGroupStateRequestData;
import org.apache.kafka.common.message.WriteShareGroupStateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteShareGroupStateResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.InitializeShareGroupStateResponse;
import org.apache.kafka.common.requests.ReadShareGroupStateResponse;
import org.apache.kafka.common.requests.ReadShareGroupStateSummaryResponse;
import org.apache.kafka.common.requests.WriteShareGroupStateResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The share coordinator over the wire, as a partition leader would use it: FindCoordinator with key type SHARE names
 * the node (creating {@code __share_group_state}), and InitializeShareGroupState, WriteShareGroupState,
 * ReadShareGroupState, ReadShareGroupStateSummary and DeleteShareGroupState keep a share partition's state, which a
 * restart of the node reads back from the topic's records (snapshots and updates).
 */
class ShareStateCoordinatorTest {

    private static final String GROUP = "queue-workers";
    private static final Uuid TOPIC_ID = Uuid.randomUuid();

    @TempDir
    Path dataDir;

    @BeforeEach
    void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    @Test
    void aSharePartitionsStateIsKeptByItsRulesAndSurvivesARestart() {
        NodeConfig config = TestNode.settings(dataDir, 1, false)
                .with(NodeConfig.SHARE_COORDINATOR_STATE_TOPIC_NUM_PARTITIONS, 3)
                .with(NodeConfig.SHARE_COORDINATOR_SNAPSHOT_UPDATE_RECORDS_PER_SNAPSHOT, 2);
        try (TestNode node = TestNode.start(config)) {
            try (RawKafkaConnection connection = RawKafkaConnection.open(node.clients().bootstrapServers())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> coordinator(connection).errorCode() == Errors.NONE.code());
                assertThat(coordinator(connection).nodeId()).isEqualTo(config.nodeId());
                assertThat(findCoordinator(connection, "no-topic-id").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());

                await().atMost(Duration.ofSeconds(20)).until(() -> initialize(connection, 1, 0) == Errors.NONE);
                assertThat(write(connection, 1, 0, -1, batch(0, 4, 2, 1), batch(5, 9, 0, 1))).isEqualTo(Errors.NONE);
                assertThat(write(connection, 1, 1, -1, batch(3, 6, 4, 5))).isEqualTo(Errors.NONE);
                assertThat(write(connection, 1, 1, 2, batch(10, 11, 2, 1))).isEqualTo(Errors.NONE);

                assertThat(write(connection, 1, 0, -1, batch(12, 12, 2, 1))).as("an older leader")
                        .isEqualTo(Errors.FENCED_LEADER_EPOCH);
                assertThat(write(connection, 0, 1, -1, batch(12, 12, 2, 1))).as("an older state epoch")
                        .isEqualTo(Errors.FENCED_STATE_EPOCH);
                assertThat(write(connection, 1, 1, -1, batch(12, 12, 1, 1))).as("acquired is no stored state")
                        .isEqualTo(Errors.INVALID_REQUEST);
                assertThat(initialize(connection, 0, 0)).isEqualTo(Errors.FENCED_STATE_EPOCH);

                ReadShareGroupStateResponseData.PartitionResult read = read(connection, 1);
                assertStoredState(read);
                ReadShareGroupStateSummaryResponseData.PartitionResult summary = summary(connection);
                assertThat(summary.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(summary.stateEpoch()).isEqualTo(1);
                assertThat(summary.leaderEpoch()).isEqualTo(1);
                assertThat(summary.startOffset()).isEqualTo(2);
            }

            node.restart(TestNode.Restart.SAME_MEMBER);

            try (RawKafkaConnection connection = RawKafkaConnection.open(node.clients().bootstrapServers())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> read(connection, 1).errorCode() == Errors.NONE.code());
                assertStoredState(read(connection, 1));
                assertThat(read(connection, 0).errorCode()).as("the leader epoch survived too")
                        .isEqualTo(Errors.FENCED_LEADER_EPOCH.code());

                assertThat(delete(connection)).isEqualTo(Errors.NONE);
                ReadShareGroupStateResponseData.PartitionResult deleted = read(connection, 2);
                assertThat(deleted.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(deleted.startOffset()).as("uninitialized").isEqualTo(-1);
                assertThat(deleted.stateBatches()).isEmpty();
            }
        }
    }

    /** What the three writes left: start offset 2, the archived run cut into the acknowledged and available ones. */
    private static void assertStoredState(ReadShareGroupStateResponseData.PartitionResult read) {
        assertThat(read.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(read.stateEpoch()).isEqualTo(1);
        assertThat(read.startOffset()).isEqualTo(2);
        assertThat(read.stateBatches()).containsExactly(readBatch(2, 2, 2, 1), readBatch(3, 6, 4, 5),
                readBatch(7, 9, 0, 1), readBatch(10, 11, 2, 1));
    }

    private static FindCoordinatorResponseData.Coordinator coordinator(RawKafkaConnection connection) {
        return findCoordinator(connection, GROUP + ":" + TOPIC_ID + ":0");
    }

    private static FindCoordinatorResponseData.Coordinator findCoordinator(RawKafkaConnection connection, String key) {
        FindCoordinatorResponse response = (FindCoordinatorResponse) connection.send(ApiKeys.FIND_COORDINATOR,
                connection.latestVersion(ApiKeys.FIND_COORDINATOR), new FindCoordinatorRequestData()
                        .setKeyType(FindCoordinatorRequest.CoordinatorType.SHARE.id()).setCoordinatorKeys(List.of(key)));
        return response.data().coordinators().get(0);
    }

    private static Errors initialize(RawKafkaConnection connection, int stateEpoch, long startOffset) {
        InitializeShareGroupStateResponse response = (InitializeShareGroupStateResponse) connection.send(
                ApiKeys.INITIALIZE_SHARE_GROUP_STATE, connection.latestVersion(ApiKeys.INITIALIZE_SHARE_GROUP_STATE),
                new InitializeShareGroupStateRequestData().setGroupId(GROUP).setTopics(List.of(
                        new InitializeShareGroupStateRequestData.InitializeStateData().setTopicId(TOPIC_ID).setPartitions(List.of(
                                new InitializeShareGroupStateRequestData.PartitionData().setPartition(0)
                                        .setStateEpoch(stateEpoch).setStartOffset(startOffset))))));
        InitializeShareGroupStateResponseData.PartitionResult result = response.data().results().get(0).partitions().get(0);
        return Errors.forCode(result.errorCode());
    }

    private static WriteShareGroupStateRequestData.StateBatch batch(long first, long last, int state, int count) {
        return new WriteShareGroupStateRequestData.StateBatch().setFirstOffset(first).setLastOffset(last)
                .setDeliveryState((byte) state).setDeliveryCount((short) count);
    }

    private static ReadShareGroupStateResponseData.StateBatch readBatch(long first, long last, int state, int count) {
        return new ReadShareGroupStateResponseData.StateBatch().setFirstOffset(first).setLastOffset(last)
                .setDeliveryState((byte) state).setDeliveryCount((short) count);
    }

    private static Errors write(RawKafkaConnection connection, int stateEpoch, int leaderEpoch, long startOffset,
                                WriteShareGroupStateRequestData.StateBatch... batches) {
        WriteShareGroupStateResponse response = (WriteShareGroupStateResponse) connection.send(
                ApiKeys.WRITE_SHARE_GROUP_STATE, connection.latestVersion(ApiKeys.WRITE_SHARE_GROUP_STATE),
                new WriteShareGroupStateRequestData().setGroupId(GROUP).setTopics(List.of(
                        new WriteShareGroupStateRequestData.WriteStateData().setTopicId(TOPIC_ID).setPartitions(List.of(
                                new WriteShareGroupStateRequestData.PartitionData().setPartition(0).setStateEpoch(stateEpoch)
                                        .setLeaderEpoch(leaderEpoch).setStartOffset(startOffset)
                                        .setStateBatches(List.of(batches)))))));
        WriteShareGroupStateResponseData.PartitionResult result = response.data().results().get(0).partitions().get(0);
        return Errors.forCode(result.errorCode());
    }

    private static ReadShareGroupStateResponseData.PartitionResult read(RawKafkaConnection connection, int leaderEpoch) {
        ReadShareGroupStateResponse response = (ReadShareGroupStateResponse) connection.send(
                ApiKeys.READ_SHARE_GROUP_STATE, connection.latestVersion(ApiKeys.READ_SHARE_GROUP_STATE),
                new ReadShareGroupStateRequestData().setGroupId(GROUP).setTopics(List.of(
                        new ReadShareGroupStateRequestData.ReadStateData().setTopicId(TOPIC_ID).setPartitions(List.of(
                                new ReadShareGroupStateRequestData.PartitionData().setPartition(0).setLeaderEpoch(leaderEpoch))))));
        return response.data().results().get(0).partitions().get(0);
    }

    private static ReadShareGroupStateSummaryResponseData.PartitionResult summary(RawKafkaConnection connection) {
        ReadShareGroupStateSummaryResponse response = (ReadShareGroupStateSummaryResponse) connection.send(
                ApiKeys.READ_SHARE_GROUP_STATE_SUMMARY, connection.latestVersion(ApiKeys.READ_SHARE_GROUP_STATE_SUMMARY),
                new ReadShareGroupStateSummaryRequestData().setGroupId(GROUP).setTopics(List.of(
                        new ReadShareGroupStateSummaryRequestData.ReadStateSummaryData().setTopicId(TOPIC_ID).setPartitions(List.of(
                                new ReadShareGroupStateSummaryRequestData.PartitionData().setPartition(0).setLeaderEpoch(-1))))));
        return response.data().results().get(0).partitions().get(0);
    }

    private static Errors delete(RawKafkaConnection connection) {
        DeleteShareGroupStateResponse response = (DeleteShareGroupStateResponse) connection.send(
                ApiKeys.DELETE_SHARE_GROUP_STATE, connection.latestVersion(ApiKeys.DELETE_SHARE_GROUP_STATE),
                new DeleteShareGroupStateRequestData().setGroupId(GROUP).setTopics(List.of(
                        new DeleteShareGroupStateRequestData.DeleteStateData().setTopicId(TOPIC_ID).setPartitions(List.of(
                                new DeleteShareGroupStateRequestData.PartitionData().setPartition(0))))));
        DeleteShareGroupStateResponseData.PartitionResult result = response.data().results().get(0).partitions().get(0);
        return Errors.forCode(result.errorCode());
    }
}
