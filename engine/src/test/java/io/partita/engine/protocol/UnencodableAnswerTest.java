package io.partita.engine.protocol;

import io.partita.engine.it.RawKafkaConnection;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.security.Credentials;
import io.partita.engine.security.ListenerSecurity;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer that cannot be encoded at its request's version (here from a handler that sets the leader epoch, which
 * ListOffsets carries from v4 on, at every version) reaches the client as the request's UNKNOWN_SERVER_ERROR answer,
 * on a connection that stays open, and the listener logs it once per interval with a count.
 */
class UnencodableAnswerTest {

    private static final String TOPIC = "t";
    private static final ApiHandler ALWAYS_WITH_LEADER_EPOCH = (context, request) -> CompletableFuture.completedFuture(
            new ListOffsetsResponse(new ListOffsetsResponseData().setTopics(List.of(new ListOffsetsTopicResponse()
                    .setName(TOPIC).setPartitions(List.of(new ListOffsetsPartitionResponse()
                            .setPartitionIndex(0).setOffset(4).setTimestamp(1_000).setLeaderEpoch(7)))))));
    private static final Executor DAEMON_THREADS = task -> {
        Thread thread = new Thread(task, "unencodable-answer-test");
        thread.setDaemon(true);
        thread.start();
    };

    private final Logger connectionLog = Logger.getLogger(KafkaConnection.class.getName());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Test
    void theClientGetsAnErrorOnAConnectionThatStaysOpen() throws Exception {
        SupportedApis apis = new SupportedApis().register(ApiKeys.LIST_OFFSETS, ALWAYS_WITH_LEADER_EPOCH);
        connectionLog.addHandler(capture);
        NodeConfig config = NodeConfig.defaults(1, "127.0.0.1", 0, Path.of("unused"));
        ListenerSecurity plaintext = ListenerSecurity.of(config.listeners().get(0), config,
                new Credentials(Optional.empty(), (user, mechanism) -> Optional.empty()));
        try (KafkaServer server = new KafkaServer(List.of(plaintext), apis, new BrokerStats(), (context, request, bytes, nanos) -> 0,
                DAEMON_THREADS, 1);
             RawKafkaConnection connection = RawKafkaConnection.open("127.0.0.1:" + server.address().getPort())) {
            for (int i = 0; i < 3; i++) {
                assertThat(answer(connection, (short) 2).errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
            }
            ListOffsetsPartitionResponse encodable = answer(connection, (short) 4);
            assertThat(encodable.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(encodable.leaderEpoch()).isEqualTo(7);
        } finally {
            connectionLog.removeHandler(capture);
        }
        assertThat(warnings).singleElement().asString()
                .contains("Encoding an answer failed (1 time(s) since the last report)")
                .contains("LIST_OFFSETS v2: Attempted to write a non-default leaderEpoch at version 2");
    }

    private static ListOffsetsPartitionResponse answer(RawKafkaConnection connection, short version) {
        ListOffsetsResponse response = (ListOffsetsResponse) connection.send(ApiKeys.LIST_OFFSETS, version,
                new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsTopic().setName(TOPIC)
                        .setPartitions(List.of(new ListOffsetsPartition().setPartitionIndex(0).setTimestamp(1_000))))));
        return response.data().topics().get(0).partitions().get(0);
    }
}
