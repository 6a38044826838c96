package io.partita.engine.it;

import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ApiVersions, the first request of every client: at v3 it lists the APIs with version ranges that kafka-clients
 * 4.4 can use; at a version the broker does not know it still answers, at v0 with UNSUPPORTED_VERSION and its own
 * ApiVersions range, so that the client can retry at a version both support.
 */
@ExtendWith(BrokerExtension.class)
class ApiVersionsTest {

    /** What this suite's clients send; each must be usable at some version both sides support. */
    private static final List<ApiKeys> NEEDED = List.of(
            ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS,
            ApiKeys.INIT_PRODUCER_ID, ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS,
            ApiKeys.DESCRIBE_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.ALTER_CONFIGS, ApiKeys.DESCRIBE_CLUSTER);

    private final TestClients broker;

    ApiVersionsTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void apiVersionsV3ListsTheApisKafkaClientsNeedWithOverlappingVersions() {
        ApiVersionsResponse response;
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            response = (ApiVersionsResponse) connection.send(new ApiVersionsRequest.Builder((short) 3).build((short) 3));
        }

        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().apiKeys()).allSatisfy(v -> {
            assertThat(ApiKeys.hasId(v.apiKey())).as("advertised key %d is a Kafka API", v.apiKey()).isTrue();
            assertThat(v.minVersion()).as("range of %s", ApiKeys.forId(v.apiKey())).isBetween((short) 0, v.maxVersion());
        });
        for (ApiKeys key : NEEDED) {
            ApiVersion advertised = response.apiVersion(key.id);
            assertThat(advertised).as("%s advertised", key).isNotNull();
            assertThat(advertised.maxVersion()).as("%s max version", key).isGreaterThanOrEqualTo(key.oldestVersion());
            assertThat(advertised.minVersion()).as("%s min version", key).isLessThanOrEqualTo(key.latestVersion());
        }
    }

    @Test
    void theConsumerGroupProtocolIsAdvertisedAsKafka44Does() {
        ApiVersionsResponse response = apiVersions();

        for (ApiKeys key : List.of(ApiKeys.CONSUMER_GROUP_HEARTBEAT, ApiKeys.CONSUMER_GROUP_DESCRIBE)) {
            ApiVersion advertised = response.apiVersion(key.id);
            assertThat(advertised).as("%s advertised", key).isNotNull();
            assertThat(advertised.minVersion()).as("%s", key).isEqualTo((short) 0);
            assertThat(advertised.maxVersion()).as("%s", key).isEqualTo((short) 1);
        }
        assertThat(response.data().finalizedFeatures().find("group.version")).as("group.version finalized")
                .satisfies(f -> assertThat(f.maxVersionLevel()).isEqualTo((short) 1));
        assertThat(response.data().supportedFeatures().find("group.version")).as("group.version supported")
                .satisfies(f -> assertThat(f.maxVersion()).isEqualTo((short) 1));
        assertThat(response.data().finalizedFeatures().find("share.version")).as("share.version finalized")
                .satisfies(f -> assertThat(f.maxVersionLevel()).isEqualTo((short) 2));
    }

    @Test
    void theClusterOperationApisAreAdvertisedAtKafkaBrokerRanges() {
        ApiVersionsResponse response = apiVersions();

        var kafka = ApiVersionsResponse.brokerApiVersions(org.apache.kafka.common.message.ApiMessageType.ListenerType.BROKER, true, true);
        for (ApiKeys key : List.of(ApiKeys.ELECT_LEADERS, ApiKeys.ALTER_PARTITION_REASSIGNMENTS,
                ApiKeys.LIST_PARTITION_REASSIGNMENTS, ApiKeys.DESCRIBE_LOG_DIRS)) {
            ApiVersion advertised = response.apiVersion(key.id);
            assertThat(advertised).as("%s advertised", key).isNotNull();
            assertThat(advertised.minVersion()).as("%s min", key).isEqualTo(kafka.find(key.id).minVersion());
            assertThat(advertised.maxVersion()).as("%s max", key).isEqualTo(kafka.find(key.id).maxVersion());
        }
    }

    private ApiVersionsResponse apiVersions() {
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            return (ApiVersionsResponse) connection.send(new ApiVersionsRequest.Builder((short) 3).build((short) 3));
        }
    }

    @Test
    void apiVersionsAtAnUnknownVersionAnswersUnsupportedVersionWithTheKeyList() {
        int correlationId = 7;
        ByteBuffer response;
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            connection.writeFrame(apiVersionsRequestAtVersion127(correlationId));
            response = connection.readFrame();
        }

        assertThat(response.getInt()).as("correlation id (response header v0)").isEqualTo(correlationId);
        ApiVersionsResponse parsed = ApiVersionsResponse.parse(new ByteBufferAccessor(response), (short) 0);
        assertThat(parsed.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        // Kafka 4.4 lists ApiVersions alone here: all a client needs to pick the version of its retry
        assertThat(parsed.apiVersion(ApiKeys.API_VERSIONS.id)).as("ApiVersions listed").isNotNull().satisfies(v -> {
            assertThat(v.minVersion()).isZero();
            assertThat(v.maxVersion()).isGreaterThanOrEqualTo((short) 3);
        });
        assertThat(response.hasRemaining()).as("nothing after the v0 body").isFalse();
    }

    /**
     * Written by hand, as a client newer than the broker would: request header v2 (which ApiVersions uses from
     * v3 on) and a v3-shaped body.
     */
    private static ByteBuffer apiVersionsRequestAtVersion127(int correlationId) {
        byte[] clientId = "partita-it-raw".getBytes(UTF_8);
        byte[] softwareName = "partita-it".getBytes(UTF_8);
        byte[] softwareVersion = "1.0".getBytes(UTF_8);
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putShort(ApiKeys.API_VERSIONS.id).putShort((short) 127).putInt(correlationId);
        b.putShort((short) clientId.length).put(clientId);
        b.put((byte) 0); // header tagged fields
        b.put((byte) (softwareName.length + 1)).put(softwareName); // compact strings: unsigned varint length + 1
        b.put((byte) (softwareVersion.length + 1)).put(softwareVersion);
        b.put((byte) 0); // body tagged fields
        return b.flip();
    }
}
