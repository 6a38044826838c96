package io.partita.engine.cluster;

import io.partita.engine.it.RawKafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;
import org.apache.kafka.common.requests.DescribeClientQuotasResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** Client quotas live in the cluster metadata: a quota altered through one node is what every node describes. */
@Tag("cluster")
class ClientQuotasClusterTest {

    @RegisterExtension
    final TestCluster.PerTest perTest = new TestCluster.PerTest();

    @Test
    void aQuotaAlteredOnOneNodeIsDescribedByEveryNodeWithinAMetadataPoll() throws Exception {
        TestCluster cluster = perTest.startWithQuorum(10_000, (id, config) -> config);
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "everywhere"));
        try (Admin admin = cluster.adminOf(1)) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1_048_576.0))))).all().get();
        }

        for (int id = 1; id <= TestCluster.SIZE; id++) {
            InetSocketAddress address = cluster.node(id).kafkaAddress();
            try (RawKafkaConnection connection = RawKafkaConnection.open("127.0.0.1:" + address.getPort())) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    DescribeClientQuotasResponse response = connection.send(new DescribeClientQuotasRequest.Builder(
                            ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, "everywhere")))));
                    assertThat(response.data().entries()).singleElement().satisfies(e -> assertThat(e.values())
                            .extracting(DescribeClientQuotasResponseData.ValueData::key, DescribeClientQuotasResponseData.ValueData::value)
                            .containsExactly(tuple("producer_byte_rate", 1_048_576.0)));
                });
            }
        }
    }
}
