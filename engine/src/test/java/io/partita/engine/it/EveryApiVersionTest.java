package io.partita.engine.it;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every API the node advertises, at every version it advertises, answers a real request about real state (records,
 * transactions, groups with members and offsets) with an answer that decodes at that version, fills its frame, carries
 * no error but those the request is meant to get, and leaves the connection open. An answer that sets a field its
 * version does not carry cannot be encoded (the node answers UNKNOWN_SERVER_ERROR instead), so this finds every such
 * field the node sets in answering these requests.
 *
 * <p>Produce v0-v2 are advertised (as Kafka 4.4 does, for old librdkafka clients, which then pick v3 or later) but
 * kafka-clients 4.4 cannot write them: they are not tried.
 */
@ExtendWith(BrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class EveryApiVersionTest {

    private static final Map<ApiKeys, ApiRequests> REQUESTS = ApiRequests.all();
    private static final short PRODUCE_WRITABLE_SINCE = ApiKeys.PRODUCE.oldestVersion();

    private TestClients broker;
    private ApiFixture fixture;
    private ApiVersionCollection advertised;

    @BeforeAll
    void createState(TestClients broker) throws Exception {
        this.broker = broker;
        this.fixture = ApiFixture.create(broker);
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            ApiVersionsResponse versions = (ApiVersionsResponse) connection.send(ApiKeys.API_VERSIONS,
                    ApiKeys.API_VERSIONS.latestVersion(), new ApiVersionsRequestData()
                            .setClientSoftwareName("partita-it").setClientSoftwareVersion("1.0"));
            this.advertised = versions.data().apiKeys();
        }
    }

    @AfterAll
    void closeState() {
        if (fixture != null) fixture.close();
    }

    @Test
    void thereIsARequestForEveryAdvertisedApi() {
        ExternalBroker.assumeNone(); // Kafka advertises APIs Partita does not serve
        assertThat(advertised.stream().map(v -> ApiKeys.forId(v.apiKey())).collect(Collectors.toSet()))
                .isEqualTo(REQUESTS.keySet());
    }

    static Stream<ApiKeys> apis() {
        return REQUESTS.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("apis")
    void everyAdvertisedVersionIsAnswered(ApiKeys api) throws Exception {
        ApiVersion range = advertised.find(api.id);
        assumeTrue(range != null, api + " is not advertised");
        ApiRequests requests = REQUESTS.get(api);
        short from = api == ApiKeys.PRODUCE ? (short) Math.max(range.minVersion(), PRODUCE_WRITABLE_SINCE) : range.minVersion();
        List<String> failures = new ArrayList<>();
        RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers());
        try {
            for (short v = from; v <= range.maxVersion(); v++) {
                ApiMessage request = requests.at().at(fixture, v);
                try {
                    Set<Errors> errors = unexpectedErrors(connection.send(api, v, request), requests.expectedErrors());
                    if (!errors.isEmpty()) failures.add("v" + v + " answered " + errors);
                } catch (UncheckedIOException e) {
                    failures.add("v" + v + " closed the connection instead of answering (" + e.getCause() + ")");
                    connection.close();
                    connection = RawKafkaConnection.open(broker.bootstrapServers());
                }
            }
            // the last answer, too, left the connection open
            connection.send(ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData());
        } finally {
            connection.close();
        }
        System.out.printf("%s v%d-v%d: %d version(s) answered as they should%n", api, from, range.maxVersion(),
                range.maxVersion() - from + 1 - failures.size());
        assertThat(failures).as("%s", api).isEmpty();
    }

    private static Set<Errors> unexpectedErrors(AbstractResponse response, Set<Errors> expected) {
        Set<Errors> errors = new HashSet<>(response.errorCounts().keySet());
        errors.remove(Errors.NONE);
        errors.removeAll(expected);
        return errors;
    }
}
