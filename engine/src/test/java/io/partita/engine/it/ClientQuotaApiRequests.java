package io.partita.engine.it;

import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;

import java.util.List;
import java.util.Map;

/**
 * Requests about client quotas. The quota set is one of a client id nobody uses, far above any rate, so that the
 * tests sharing the broker are not throttled by it.
 */
final class ClientQuotaApiRequests {

    private static final String CLIENT_ID = "every-api-version-quota";

    private ClientQuotaApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.ALTER_CLIENT_QUOTAS, ApiRequests.of((f, v) -> new AlterClientQuotasRequestData()
                        .setEntries(List.of(new AlterClientQuotasRequestData.EntryData()
                                .setEntity(List.of(new AlterClientQuotasRequestData.EntityData()
                                        .setEntityType(ClientQuotaEntity.CLIENT_ID).setEntityName(CLIENT_ID)))
                                .setOps(List.of(new AlterClientQuotasRequestData.OpData()
                                        .setKey("producer_byte_rate").setValue(1e12 + v)))))),
                ApiKeys.DESCRIBE_CLIENT_QUOTAS, ApiRequests.of((f, v) -> new DescribeClientQuotasRequestData()
                        .setComponents(List.of(new DescribeClientQuotasRequestData.ComponentData()
                                .setEntityType(ClientQuotaEntity.CLIENT_ID)
                                .setMatchType(DescribeClientQuotasRequest.MATCH_TYPE_EXACT).setMatch(CLIENT_ID)))
                        .setStrict(true)));
    }
}
