package io.partita.engine.protocol;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of the APIs: which it holds, and that a line needs only the parts it names. */
class ApiTableTest {

    @Test
    void everyApiOfTheTableIsOneKafka44sBrokerAdvertises() {
        Set<ApiKeys> kafkaBroker = ApiVersionsResponse.brokerApiVersions(ApiMessageType.ListenerType.BROKER, true, true)
                .stream().map(v -> ApiKeys.forId(v.apiKey())).collect(Collectors.toSet());

        assertThat(kafkaBroker).containsAll(ApiTable.apis());
    }

    @Test
    void aBrokerServesApiVersionsAndTheApisOfClientsAndOfOtherBrokers() {
        assertThat(ApiTable.apis()).contains(ApiKeys.API_VERSIONS, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.METADATA,
                ApiKeys.FIND_COORDINATOR, ApiKeys.INIT_PRODUCER_ID, ApiKeys.WRITE_TXN_MARKERS, ApiKeys.READ_SHARE_GROUP_STATE);
    }

    @Test
    void aLineBuildsItsHandlerFromThePartsItNamesOnly() {
        SupportedApis served = new SupportedApis();
        ApiParts parts = new ApiParts();
        parts.serving(served);

        assertThat(ApiTable.handler(ApiKeys.API_VERSIONS, parts)).isInstanceOf(ApiVersionsHandler.class);
        assertThat(ApiTable.handler(ApiKeys.SASL_HANDSHAKE, parts)).isNotNull();
    }
}
