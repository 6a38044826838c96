package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes no Kafka client would send close that one connection and nothing else: a producer connected at the same
 * time keeps producing, and new connections are served. The node's log tells of such connections at most once per
 * interval, however many there are.
 */
@ExtendWith(BrokerExtension.class)
class MalformedFrameTest {

    private static final byte[] UNKNOWN_API = frame(ByteBuffer.allocate(16).putShort((short) 9_999).putShort((short) 0).putInt(1).putShort((short) -1).array());

    private final TestClients broker;

    MalformedFrameTest(TestClients broker) {
        this.broker = broker;
    }

    @BeforeEach
    void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    static Stream<Arguments> malformedFrames() {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);
        return Stream.of(
                Arguments.of("garbage after a valid length", frame(garbage)),
                Arguments.of("unknown api key", UNKNOWN_API),
                Arguments.of("truncated Metadata body", frame(truncatedMetadataRequest())),
                Arguments.of("length prefix beyond any limit", ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array()),
                Arguments.of("negative length prefix", ByteBuffer.allocate(8).putInt(-5).putInt(0).array()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void malformedFrameClosesOnlyItsOwnConnection(String what, byte[] bytes) throws Exception {
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "malformed", 1);
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            assertThat(producer.send(new ProducerRecord<>(topic, 0, null, "before".getBytes(UTF_8))).get().offset()).isZero();

            try (RawKafkaConnection bad = RawKafkaConnection.open(broker.bootstrapServers())) {
                bad.writeRaw(bytes);
                assertThat(bad.isClosedByBroker()).as("connection closed after: %s", what).isTrue();
            }

            assertThat(producer.send(new ProducerRecord<>(topic, 0, null, "after".getBytes(UTF_8))).get().offset()).isEqualTo(1);
        }
        try (RawKafkaConnection fresh = RawKafkaConnection.open(broker.bootstrapServers())) {
            ApiVersionsResponse versions = (ApiVersionsResponse) fresh.send(new ApiVersionsRequest.Builder((short) 3).build((short) 3));
            assertThat(versions.data().errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void connectionsClosedForBadRequestsAreLoggedAtMostOncePerInterval() {
        try (CapturedLog log = CapturedLog.of("io.partita.engine.protocol")) {
            for (int i = 0; i < 20; i++) {
                try (RawKafkaConnection bad = RawKafkaConnection.open(broker.bootstrapServers())) {
                    bad.writeRaw(UNKNOWN_API);
                    assertThat(bad.isClosedByBroker()).isTrue();
                }
            }
            // the other tests of the run may have had the interval's line already
            assertThat(log.lines()).hasSizeLessThanOrEqualTo(1)
                    .allMatch(line -> line.message().contains("time(s) since the last report): closed connection"));
        }
    }

    private static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** A well-formed header followed by a Metadata body cut short in the middle of its topic list. */
    private static byte[] truncatedMetadataRequest() {
        short version = ApiKeys.METADATA.latestVersion();
        MetadataRequest request = new MetadataRequest.Builder(List.of("some-topic-with-a-long-name"), false).build(version);
        ByteBuffer whole = request.serializeWithHeader(new RequestHeader(ApiKeys.METADATA, version, "partita-it-raw", 1));
        byte[] bytes = new byte[whole.remaining()];
        whole.get(bytes);
        return Arrays.copyOf(bytes, bytes.length - 12);
    }
}
