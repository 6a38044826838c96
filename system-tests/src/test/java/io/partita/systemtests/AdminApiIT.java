package io.partita.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.systemtests.ApiClient.Answer;
import io.partita.engine.it.InFlightShareRecords;
import io.partita.systemtests.ApiClient.Login;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The admin API over real HTTP against one real node (shared with the console test): every endpoint (groups of
 * both kinds, a share group's records in flight as a real share consumer left them), its
 * errors as problem details with Kafka's error codes, logins and roles, metrics, and the console's login.
 */
class AdminApiIT {

    @RegisterExtension
    static final SecuredNode NODE = new SecuredNode();

    private static final Login ADMIN = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
    private static final Login VIEWER = new Login(SecuredNode.VIEWER, SecuredNode.VIEWER_PASSWORD);
    private static final Login NOBODY = Login.NOBODY;

    private final ApiClient api = NODE.api();

    @Test
    void nodeEndpointAnswersWithoutLoginForTheLaunchersReadinessCheck() {
        Answer node = api.get(NOBODY, "/api/node");

        assertThat(node.status()).isEqualTo(200);
        assertThat(node.json().get("ready").asBoolean()).isTrue();
        assertThat(node.json().get("bootstrapServer").asText()).isEqualTo(NODE.bootstrapServer());
    }

    @Test
    void everyOtherEndpointNeedsALogin() {
        List<String[]> calls = List.of(
                new String[]{"GET", "/api/cluster"}, new String[]{"GET", "/api/me"}, new String[]{"GET", "/api/topics"},
                new String[]{"POST", "/api/topics"}, new String[]{"GET", "/api/topics/any"},
                new String[]{"DELETE", "/api/topics/any"}, new String[]{"POST", "/api/topics/any/partitions"},
                new String[]{"GET", "/api/topics/any/configs"}, new String[]{"PUT", "/api/topics/any/configs"},
                new String[]{"GET", "/api/groups"}, new String[]{"GET", "/api/groups/any"},
                new String[]{"POST", "/api/groups/any/offsets"}, new String[]{"DELETE", "/api/groups/any"},
                new String[]{"GET", "/api/records/any/0"}, new String[]{"POST", "/api/records/any"},
                new String[]{"GET", "/api/topics/any/reassignments"}, new String[]{"POST", "/api/topics/any/reassignments"},
                new String[]{"DELETE", "/api/topics/any/reassignments/0"},
                new String[]{"GET", "/api/brokers"}, new String[]{"GET", "/api/brokers/1/configs"},
                new String[]{"PUT", "/api/brokers/1/configs"}, new String[]{"GET", "/api/reassignments"},
                new String[]{"GET", "/api/users"}, new String[]{"PUT", "/api/users/any"}, new String[]{"DELETE", "/api/users/any"},
                new String[]{"GET", "/api/acls"}, new String[]{"POST", "/api/acls"}, new String[]{"DELETE", "/api/acls"},
                new String[]{"GET", "/api/quotas"}, new String[]{"PUT", "/api/quotas/users/any"},
                new String[]{"DELETE", "/api/quotas/clients/any"});
        for (String[] call : calls) {
            Answer answer = api.call(NOBODY, call[0], call[1], call[0].equals("GET") || call[0].equals("DELETE") ? null : "{}");
            assertProblem(answer, 401, null);
            assertThat(answer.challenge()).as("%s %s", call[0], call[1]).startsWith("Basic realm=\"partita\"");
        }
        assertProblem(api.get(new Login(SecuredNode.ADMIN, "wrong"), "/api/topics"), 401, null);
        assertProblem(api.get(new Login("nobody", SecuredNode.ADMIN_PASSWORD), "/api/topics"), 401, null);
        assertProblem(api.get(new Login(SecuredNode.VIEWER, SecuredNode.ADMIN_PASSWORD), "/api/topics"), 401, null);
    }

    @Test
    void callerReportsTheRole() {
        assertThat(api.get(ADMIN, "/api/me").json().get("role").asText()).isEqualTo("admin");
        JsonNode viewer = api.get(VIEWER, "/api/me").json();
        assertThat(viewer.get("role").asText()).isEqualTo("viewer");
        assertThat(viewer.get("canWrite").asBoolean()).isFalse();
    }

    @Test
    void viewerReadsButChangesNothing() {
        createTopic("viewer-sees", 2);

        assertThat(api.get(VIEWER, "/api/topics").status()).isEqualTo(200);
        assertThat(api.get(VIEWER, "/api/topics/viewer-sees").status()).isEqualTo(200);
        assertThat(api.get(VIEWER, "/api/topics/viewer-sees/configs").status()).isEqualTo(200);
        assertThat(api.get(VIEWER, "/api/cluster").status()).isEqualTo(200);
        assertThat(api.get(VIEWER, "/api/groups").status()).isEqualTo(200);
        assertThat(api.get(VIEWER, "/api/records/viewer-sees/0").status()).isEqualTo(200);

        assertProblem(api.post(VIEWER, "/api/topics", Map.of("name", "viewer-made")), 403, null);
        assertProblem(api.delete(VIEWER, "/api/topics/viewer-sees"), 403, null);
        assertProblem(api.post(VIEWER, "/api/topics/viewer-sees/partitions", Map.of("count", 3)), 403, null);
        assertProblem(api.put(VIEWER, "/api/topics/viewer-sees/configs", Map.of("retention.ms", "1000")), 403, null);
        assertProblem(api.post(VIEWER, "/api/records/viewer-sees", Map.of("value", "v")), 403, null);
        assertProblem(api.post(VIEWER, "/api/groups/g/offsets", Map.of("topics", List.of("viewer-sees"), "to", "earliest")), 403, null);
        assertProblem(api.delete(VIEWER, "/api/groups/g"), 403, null);

        NODE.assertAudited("via=rest user=viewer source=127.0.0.1 action=DELETE resource=/api/topics/viewer-sees"
                + " outcome=FORBIDDEN status=403 message=\"Only admins may change anything; viewer is a viewer\"");

        JsonNode topic = api.get(ADMIN, "/api/topics/viewer-sees").json();
        assertThat(topic.get("partitions")).hasSize(2);
        assertThat(api.get(ADMIN, "/api/topics/viewer-made").status()).isEqualTo(404);
        assertThat(api.get(ADMIN, "/api/records/viewer-sees/0").json()).isEmpty();
    }

    @Test
    void clusterCountsPartitionsAndLeadersPerNode() {
        createTopic("cluster-counted", 3);

        JsonNode cluster = api.get(ADMIN, "/api/cluster").json();

        assertThat(cluster.get("controllerId").asInt()).isEqualTo(1);
        assertThat(cluster.get("clusterId").asText()).isNotBlank();
        JsonNode node = cluster.get("nodes").get(0);
        assertThat(node.get("id").asInt()).isEqualTo(1);
        assertThat(node.get("controller").asBoolean()).isTrue();
        assertThat(node.get("port").asInt()).isEqualTo(Integer.parseInt(NODE.bootstrapServer().split(":")[1]));
        assertThat(node.get("leaders").asInt()).isEqualTo(cluster.get("partitions").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(node.get("replicas").asInt()).isEqualTo(cluster.get("partitions").asInt());
        assertThat(cluster.get("maxPartitionsPerRequest").asInt()).as("max.partitions.per.request").isEqualTo(10_000);
        assertThat(node.get("maxPartitions").asInt()).as("max.broker.partitions").isGreaterThan(node.get("replicas").asInt());
    }

    @Test
    void topicListGivesEachTopicsRecordsSizeAndUnderReplicatedPartitions() {
        createTopic("listed", 2);
        for (int i = 0; i < 3; i++) api.post(ADMIN, "/api/records/listed", Map.of("partition", 0, "value", "record " + i));
        createTopic("listed-empty", 1);

        JsonNode listed = topic(api.get(VIEWER, "/api/topics").json(), "listed");
        assertThat(listed.get("records").asLong()).isEqualTo(3);
        assertThat(listed.get("partitions").asInt()).isEqualTo(2);
        assertThat(listed.get("underReplicatedPartitions").asInt()).isZero();
        assertThat(listed.get("internal").asBoolean()).isFalse();
        long onDisk = api.get(ADMIN, "/api/topics/listed").json().findValues("sizeBytes").stream().mapToLong(JsonNode::asLong).sum();
        assertThat(listed.get("sizeBytes").asLong()).as("the sum of its partitions' sizes").isEqualTo(onDisk).isPositive();
        assertThat(topic(api.get(VIEWER, "/api/topics").json(), "listed-empty").get("sizeBytes").asLong()).isZero();
    }

    @Test
    void topicBeyondTheClustersLimitsIsRefusedNamingTheLimit() {
        Answer perRequest = api.post(ADMIN, "/api/topics", Map.of("name", "too-many", "partitions", 10_001));
        assertProblem(perRequest, 400, 44);
        assertThat(perRequest.json().get("detail").asText()).contains("max.partitions.per.request=10000");
        Answer replicated = api.post(ADMIN, "/api/topics", Map.of("name", "too-replicated", "partitions", 1, "replicationFactor", 2));
        assertProblem(replicated, 400, 38);
        assertThat(replicated.json().get("detail").asText()).contains("replication factor of 2").contains("1 broker");
        assertProblem(api.get(ADMIN, "/api/topics/too-many"), 404, 3);
        assertProblem(api.get(ADMIN, "/api/topics/too-replicated"), 404, 3);
    }

    @Test
    void topicListsTheGroupsConsumingItWithTheirLag() {
        createTopic("consumed", 2);
        for (int i = 0; i < 6; i++) api.post(ADMIN, "/api/records/consumed", Map.of("partition", i % 2, "value", "v" + i));
        try (KafkaConsumer<String, String> consumer = consumer("consumed-reader")) {
            consumer.commitSync(Map.of(new TopicPartition("consumed", 0), new OffsetAndMetadata(1),
                    new TopicPartition("consumed", 1), new OffsetAndMetadata(3)));
        }
        createTopic("unconsumed", 1);

        JsonNode groups = api.get(VIEWER, "/api/topics/consumed/groups").json();
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("group").asText()).isEqualTo("consumed-reader");
        assertThat(groups.get(0).get("partitions").asInt()).isEqualTo(2);
        assertThat(groups.get(0).get("lag").asLong()).isEqualTo(2);
        assertThat(api.get(VIEWER, "/api/topics/unconsumed/groups").json()).isEmpty();
        assertProblem(api.get(VIEWER, "/api/topics/missing/groups"), 404, 3);
    }

    @Test
    void brokersShowTheirShareOfPartitionsAndDiskUse() {
        createTopic("broker-counted", 3);
        api.post(ADMIN, "/api/records/broker-counted", Map.of("partition", 0, "value", "takes room on disk"));
        JsonNode cluster = api.get(ADMIN, "/api/cluster").json();

        JsonNode brokers = api.get(VIEWER, "/api/brokers").json();

        assertThat(brokers).hasSize(1);
        JsonNode broker = brokers.get(0);
        assertThat(broker.get("id").asInt()).isEqualTo(1);
        assertThat(broker.get("alive").asBoolean()).isTrue();
        assertThat(broker.get("controller").asBoolean()).isTrue();
        assertThat(broker.get("host").asText() + ":" + broker.get("port").asInt()).isEqualTo(NODE.bootstrapServer());
        assertThat(broker.get("leaders").asInt()).isGreaterThanOrEqualTo(cluster.get("nodes").get(0).get("leaders").asInt())
                .isGreaterThanOrEqualTo(3);
        assertThat(broker.get("replicas").asInt()).isEqualTo(broker.get("leaders").asInt());
        assertThat(broker.get("underReplicatedLeaders").asInt()).isZero();
        assertThat(broker.get("logDirBytes").asLong()).isPositive();
        assertThat(api.get(ADMIN, "/api/reassignments").json()).as("nothing moves on one node").isEmpty();
    }

    @Test
    void aBrokersDynamicConfigsChangeAndItsStaticOnesAreReadOnly() {
        String rate = "replica.alter.log.dirs.io.max.bytes.per.second";
        JsonNode before = api.get(VIEWER, "/api/brokers/1/configs").json();
        assertThat(before.get("dynamic")).extracting(JsonNode::asText).contains(rate, "leader.replication.throttled.rate");
        JsonNode id = config(before.get("configs"), "broker.id");
        assertThat(id.get("value").asText()).isEqualTo("1");
        assertThat(id.get("readOnly").asBoolean()).isTrue();
        assertThat(id.get("source").asText()).isEqualTo("STATIC_BROKER_CONFIG");

        assertProblem(api.put(VIEWER, "/api/brokers/1/configs", Map.of(rate, "1000")), 403, null);
        assertProblem(api.put(ADMIN, "/api/brokers/1/configs", Map.of(rate, "-1")), 400, 42);
        assertThat(api.put(ADMIN, "/api/brokers/1/configs", Map.of(rate, "-1")).json().get("detail").asText())
                .isEqualTo("Invalid value -1 for configuration " + rate + ": Value must be at least 0");
        assertProblem(api.put(ADMIN, "/api/brokers/1/configs", Map.of("broker.id", "7")), 400, 42);
        assertProblem(api.put(ADMIN, "/api/brokers/1/configs", Map.of()), 400, null);
        assertProblem(api.get(ADMIN, "/api/brokers/first/configs"), 400, null);
        try {
            assertThat(api.put(ADMIN, "/api/brokers/1/configs", Map.of(rate, "3000000")).status()).isEqualTo(200);
            assertThat(api.put(ADMIN, "/api/brokers/default/configs", Map.of("leader.replication.throttled.rate", "4000000")).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode configs = api.get(VIEWER, "/api/brokers/1/configs").json().get("configs");
                assertThat(config(configs, rate).get("value").asText()).isEqualTo("3000000");
                assertThat(config(configs, rate).get("source").asText()).isEqualTo("DYNAMIC_BROKER_CONFIG");
                assertThat(config(configs, rate).get("readOnly").asBoolean()).isFalse();
                assertThat(config(configs, "leader.replication.throttled.rate").get("source").asText())
                        .isEqualTo("DYNAMIC_DEFAULT_BROKER_CONFIG");
                assertThat(config(api.get(VIEWER, "/api/brokers/default/configs").json().get("configs"),
                        "leader.replication.throttled.rate").get("value").asText()).isEqualTo("4000000");
            });
        } finally {
            Map<String, String> reset = new HashMap<>();
            reset.put(rate, null);
            assertThat(api.put(ADMIN, "/api/brokers/1/configs", reset).status()).isEqualTo(200);
            reset.clear();
            reset.put("leader.replication.throttled.rate", null);
            assertThat(api.put(ADMIN, "/api/brokers/default/configs", reset).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get(VIEWER, "/api/brokers/1/configs")
                .json().get("configs").findValuesAsText("name")).doesNotContain(rate, "leader.replication.throttled.rate"));
    }

    @Test
    void topicLifecycle() {
        Answer created = api.post(ADMIN, "/api/topics", Map.of("name", "life", "partitions", 2,
                "configs", Map.of("retention.ms", "3600000")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("partitions")).hasSize(2);

        assertThat(api.get(ADMIN, "/api/topics").json()).anySatisfy(topic -> {
            assertThat(topic.get("name").asText()).isEqualTo("life");
            assertThat(topic.get("partitions").asInt()).isEqualTo(2);
            assertThat(topic.get("replicationFactor").asInt()).isEqualTo(1);
        });
        JsonNode partition = api.get(ADMIN, "/api/topics/life").json().get("partitions").get(1);
        assertThat(partition.get("partition").asInt()).isEqualTo(1);
        assertThat(partition.get("leader").asInt()).isEqualTo(1);
        assertThat(partition.get("replicas").toString()).isEqualTo("[1]");
        assertThat(partition.get("isr").toString()).isEqualTo("[1]");
        assertThat(partition.get("logStartOffset").asLong()).isZero();
        assertThat(partition.get("logEndOffset").asLong()).isZero();
        assertThat(partition.get("sizeBytes").asLong()).as("an empty partition's size").isZero();

        Answer grown = api.post(ADMIN, "/api/topics/life/partitions", Map.of("count", 4));
        assertThat(grown.status()).as(grown.toString()).isEqualTo(200);
        assertThat(grown.json().get("partitions")).hasSize(4);

        JsonNode retention = config(api.get(ADMIN, "/api/topics/life/configs").json(), "retention.ms");
        assertThat(retention.get("value").asText()).isEqualTo("3600000");
        assertThat(retention.get("source").asText()).isEqualTo("DYNAMIC_TOPIC_CONFIG");
        Answer changed = api.put(ADMIN, "/api/topics/life/configs", "{\"retention.ms\":null,\"segment.bytes\":\"2000000\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(config(changed.json(), "retention.ms").get("isDefault").asBoolean()).isTrue();
        assertThat(config(changed.json(), "retention.ms").get("value").asText()).isEqualTo("604800000");
        assertThat(config(changed.json(), "segment.bytes").get("value").asText()).isEqualTo("2000000");

        assertThat(api.delete(ADMIN, "/api/topics/life").status()).isEqualTo(204);
        assertProblem(api.get(ADMIN, "/api/topics/life"), 404, 3);

        // The API's audit line names the user; the engine's names the API's own Kafka client, with the topic.
        NODE.assertAudited("via=rest user=admin source=127.0.0.1 action=POST resource=/api/topics outcome=ok status=201",
                "via=kafka principal=User:ANONYMOUS source=127.0.0.1 client=partita-api-admin action=CreateTopics"
                        + " resource=topic:life outcome=ok partitions=2 replication.factor=-1 config.retention.ms=3600000",
                "via=rest user=admin source=127.0.0.1 action=PUT resource=/api/topics/life/configs outcome=ok status=200",
                "via=rest user=admin source=127.0.0.1 action=DELETE resource=/api/topics/life outcome=ok status=204",
                "client=partita-api-admin action=DeleteTopics resource=topic:life outcome=ok");
    }

    @Test
    void badTopicRequestsAnswerProblemsWithKafkasErrorCodes() {
        createTopic("already-here", 2);

        assertProblem(api.post(ADMIN, "/api/topics", Map.of("name", "bad name!", "partitions", 1)), 400, 17);
        assertProblem(api.post(ADMIN, "/api/topics", Map.of("name", "zero-partitions", "partitions", 0)), 400, 37);
        assertProblem(api.post(ADMIN, "/api/topics", Map.of("name", "minus-partitions", "partitions", -2)), 400, 37);
        assertProblem(api.post(ADMIN, "/api/topics", Map.of("partitions", 1)), 400, null);
        assertProblem(api.post(ADMIN, "/api/topics", "{not json"), 400, null);
        assertProblem(api.post(ADMIN, "/api/topics", Map.of("name", "already-here")), 409, 36);
        assertProblem(api.post(ADMIN, "/api/topics", Map.of("name", "bad-config", "configs", Map.of("no.such.config", "1"))), 400, 40);
        assertProblem(api.post(ADMIN, "/api/topics/already-here/partitions", Map.of("count", 1)), 400, 37);
        assertProblem(api.post(ADMIN, "/api/topics/already-here/partitions", Map.of()), 400, null);
        assertProblem(api.put(ADMIN, "/api/topics/already-here/configs", Map.of("retention.ms", "soon")), 400, 40);

        assertProblem(api.get(ADMIN, "/api/topics/missing"), 404, 3);
        assertProblem(api.delete(ADMIN, "/api/topics/missing"), 404, 3);
        assertProblem(api.get(ADMIN, "/api/topics/missing/configs"), 404, 3);
        assertProblem(api.put(ADMIN, "/api/topics/missing/configs", Map.of("retention.ms", "1000")), 404, 3);
        assertProblem(api.post(ADMIN, "/api/topics/missing/partitions", Map.of("count", 3)), 404, 3);
        assertProblem(api.get(ADMIN, "/api/records/missing/0"), 404, 3);
        assertProblem(api.post(ADMIN, "/api/records/missing", Map.of("value", "v")), 404, 3);
        assertProblem(api.get(ADMIN, "/api/no-such-thing"), 404, null);
    }

    @Test
    void moreThanARequestMayCreateIsRefusedWithTheLimitAndTheNodeServesOn() {
        Answer refused = api.post(ADMIN, "/api/topics", Map.of("name", "huge", "partitions", 100_000));
        assertProblem(refused, 400, 44);
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("Excessively large number of partitions per request: 100000, more than max.partitions.per.request=10000.");
        createTopic("grows-little", 1);
        Answer grown = api.post(ADMIN, "/api/topics/grows-little/partitions", Map.of("count", 100_001));
        assertProblem(grown, 400, 44);
        assertThat(grown.json().get("detail").asText()).isEqualTo(
                "Excessively large number of additional partitions per request: 100000, more than max.partitions.per.request=10000.");

        assertProblem(api.get(ADMIN, "/api/topics/huge"), 404, 3);
        assertThat(api.get(ADMIN, "/api/topics/grows-little").json().get("partitions")).hasSize(1);
        assertThat(api.get(NOBODY, "/api/node").status()).isEqualTo(200);
    }

    @Test
    void replicasMoveThroughReassignments() {
        createTopic("moved", 2);
        api.post(ADMIN, "/api/records/moved", Map.of("partition", 0, "value", "on the leader"));

        JsonNode before = api.get(VIEWER, "/api/topics/moved/reassignments").json();
        assertThat(before.get("topic").asText()).isEqualTo("moved");
        assertThat(before.get("reassigning").asBoolean()).isFalse();
        assertThat(before.get("partitions")).hasSize(2).allSatisfy(partition -> {
            assertThat(partition.get("replicas").toString()).isEqualTo("[1]");
            assertThat(partition.get("isr").toString()).isEqualTo("[1]");
            assertThat(partition.get("leader").asInt()).isEqualTo(1);
            assertThat(partition.get("reassigning").asBoolean()).isFalse();
            assertThat(partition.get("addingReplicas")).isEmpty();
            assertThat(partition.get("progress")).isEmpty();
        });

        assertProblem(api.post(ADMIN, "/api/topics/moved/reassignments", Map.of("0", List.of(7))), 400, 39);
        assertThat(api.post(ADMIN, "/api/topics/moved/reassignments", Map.of("0", List.of(7))).json().get("detail").asText())
                .contains("7");
        assertProblem(api.post(ADMIN, "/api/topics/moved/reassignments", Map.of("0", List.of())), 400, 39);
        assertProblem(api.post(ADMIN, "/api/topics/moved/reassignments", Map.of("1", List.of(1, 1))), 400, 39);
        assertProblem(api.post(ADMIN, "/api/topics/moved/reassignments", Map.of("2", List.of(1))), 400, null);
        assertProblem(api.post(ADMIN, "/api/topics/moved/reassignments", Map.of()), 400, null);
        assertProblem(api.post(ADMIN, "/api/topics/moved/reassignments", "{\"0\": 1}"), 400, null);
        assertProblem(api.post(VIEWER, "/api/topics/moved/reassignments", Map.of("0", List.of(1))), 403, null);
        assertProblem(api.delete(VIEWER, "/api/topics/moved/reassignments/0"), 403, null);
        assertProblem(api.get(ADMIN, "/api/topics/missing/reassignments"), 404, 3);
        assertProblem(api.post(ADMIN, "/api/topics/missing/reassignments", Map.of("0", List.of(1))), 404, 3);
        assertProblem(api.delete(ADMIN, "/api/topics/moved/reassignments/5"), 404, 3);
        assertProblem(api.delete(ADMIN, "/api/topics/moved/reassignments/0"), 409, 85);

        Answer started = api.post(ADMIN, "/api/topics/moved/reassignments", Map.of("0", List.of(1), "1", List.of(1)));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.json().get("partitions")).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode after = api.get(VIEWER, "/api/topics/moved/reassignments").json();
            assertThat(after.get("reassigning").asBoolean()).isFalse();
            assertThat(after.findValuesAsText("leader")).containsExactly("1", "1");
            assertThat(after.findValues("replicas")).extracting(JsonNode::toString).containsExactly("[1]", "[1]");
        });
        assertThat(api.get(ADMIN, "/api/records/moved/0").json().get(0).get("value").asText()).isEqualTo("on the leader");
    }

    @Test
    void recordBrowserReadsFromAnOffsetOrATimestampInEachFormat() {
        createTopic("browsed", 2);
        long before = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            Answer produced = api.post(ADMIN, "/api/records/browsed", Map.of("partition", 1, "key", "k" + i,
                    "value", "{\"n\":" + i + "}", "headers", Map.of("trace", "t" + i)));
            assertThat(produced.status()).as(produced.toString()).isEqualTo(201);
            assertThat(produced.json().get("offset").asLong()).isEqualTo(i);
            assertThat(produced.json().get("partition").asInt()).isEqualTo(1);
        }

        JsonNode sizes = api.get(ADMIN, "/api/topics/browsed").json().get("partitions");
        assertThat(sizes.get(0).get("sizeBytes").asLong()).as("partition 0, empty").isZero();
        assertThat(sizes.get(1).get("sizeBytes").asLong()).as("partition 1, five records").isBetween(5L * 20, 5L * 200);

        JsonNode fromTwo = api.get(ADMIN, "/api/records/browsed/1?offset=2&limit=2").json();
        assertThat(fromTwo).hasSize(2);
        assertThat(fromTwo.get(0).get("offset").asLong()).isEqualTo(2);
        assertThat(fromTwo.get(0).get("key").asText()).isEqualTo("k2");
        assertThat(fromTwo.get(0).get("value").asText()).isEqualTo("{\"n\":2}");
        assertThat(fromTwo.get(0).get("headers").get(0).get("key").asText()).isEqualTo("trace");
        assertThat(fromTwo.get(0).get("headers").get(0).get("value").asText()).isEqualTo("t2");

        JsonNode asJson = api.get(ADMIN, "/api/records/browsed/1?offset=3&limit=1&format=json").json();
        assertThat(asJson.get(0).get("value").get("n").asInt()).isEqualTo(3);
        JsonNode asHex = api.get(ADMIN, "/api/records/browsed/1?offset=4&limit=1&format=hex").json();
        assertThat(asHex.get(0).get("key").asText()).isEqualTo("6b34");

        JsonNode latest = api.get(ADMIN, "/api/records/browsed/1?limit=3").json();
        assertThat(latest.findValues("offset")).extracting(JsonNode::asLong).containsExactly(2L, 3L, 4L);
        JsonNode byTime = api.get(ADMIN, "/api/records/browsed/1?timestamp=" + before).json();
        assertThat(byTime).hasSize(5);
        assertThat(api.get(ADMIN, "/api/records/browsed/1?timestamp=" + (System.currentTimeMillis() + 60_000)).json()).isEmpty();
        assertThat(api.get(ADMIN, "/api/records/browsed/0").json()).isEmpty();

        assertProblem(api.get(ADMIN, "/api/records/browsed/2"), 404, 3);
        assertProblem(api.get(ADMIN, "/api/records/browsed/1?limit=0"), 400, null);
        assertProblem(api.get(ADMIN, "/api/records/browsed/1?limit=501"), 400, null);
        assertProblem(api.get(ADMIN, "/api/records/browsed/1?offset=-1"), 400, null);
        assertProblem(api.get(ADMIN, "/api/records/browsed/1?format=xml"), 400, null);
        assertProblem(api.post(ADMIN, "/api/records/browsed", Map.of("partition", 7, "value", "v")), 404, 3);
    }

    @Test
    void consumerGroupShowsLagAndItsOffsetsCanBeReset() {
        createTopic("grouped", 2);
        createTopic("grouped-too", 1);
        for (int i = 0; i < 4; i++) api.post(ADMIN, "/api/records/grouped", Map.of("partition", i % 2, "value", "v" + i));
        for (int i = 0; i < 3; i++) api.post(ADMIN, "/api/records/grouped-too", Map.of("partition", 0, "value", "w" + i));
        try (KafkaConsumer<String, String> consumer = consumer("lagging")) {
            consumer.commitSync(Map.of(new TopicPartition("grouped", 0), new OffsetAndMetadata(1)));
        }

        JsonNode listed = listedGroup(api.get(ADMIN, "/api/groups").json(), "lagging");
        assertThat(listed.get("members").asInt()).isZero();
        assertThat(listed.get("totalLag").asLong()).isEqualTo(1);
        assertThat(listed.get("internal").asBoolean()).isFalse();
        assertThat(listed.get("topics").toString()).isEqualTo("[{\"lag\":1,\"topic\":\"grouped\"}]");
        JsonNode group = api.get(VIEWER, "/api/groups/lagging").json();
        assertThat(group.get("state").asText()).isEqualTo("Empty");
        assertThat(group.get("offsets")).hasSize(1);
        JsonNode lag = group.get("offsets").get(0);
        assertThat(lag.get("topic").asText()).isEqualTo("grouped");
        assertThat(lag.get("committedOffset").asLong()).isEqualTo(1);
        assertThat(lag.get("logEndOffset").asLong()).isEqualTo(2);
        assertThat(lag.get("lag").asLong()).isEqualTo(1);
        assertThat(group.get("totalLag").asLong()).isEqualTo(1);

        String offsets = "/api/groups/lagging/offsets";
        Answer preview = api.post(ADMIN, offsets + "?dryRun=true", Map.of("topics", List.of("grouped", "grouped-too"), "to", "earliest"));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("applied").asBoolean()).isFalse();
        assertThat(preview.json().get("partitions")).extracting(p -> p.get("topic").asText() + "-" + p.get("partition").asInt())
                .containsExactly("grouped-0", "grouped-1", "grouped-too-0");
        assertThat(preview.json().get("partitions").get(0).toString()).isEqualTo("{\"currentOffset\":1,\"lagAfter\":2,"
                + "\"lagBefore\":1,\"logEndOffset\":2,\"logStartOffset\":0,\"newOffset\":0,\"partition\":0,\"requestedOffset\":0,"
                + "\"topic\":\"grouped\"}");
        assertThat(preview.json().get("totalLagBefore").asLong()).isEqualTo(1);
        assertThat(preview.json().get("totalLagAfter").asLong()).isEqualTo(7);
        assertThat(preview.json().get("note").asText()).contains("clamped to [log start, log end]");
        assertThat(api.get(ADMIN, "/api/groups/lagging").json().get("totalLag").asLong()).as("a dry run changes nothing").isEqualTo(1);
        NODE.assertAudited("via=rest user=admin source=127.0.0.1 action=POST "
                + "resource=\"/api/groups/lagging/offsets?dryRun=true\" outcome=ok status=200");

        JsonNode pastTheEnd = api.post(ADMIN, offsets + "?dryRun=true",
                Map.of("topics", List.of("grouped"), "partitions", List.of(1), "to", "offset", "offset", 99)).json().get("partitions");
        assertThat(pastTheEnd).hasSize(1);
        assertThat(pastTheEnd.get(0).get("requestedOffset").asLong()).isEqualTo(99);
        assertThat(pastTheEnd.get(0).get("newOffset").asLong()).as("clamped to the log end").isEqualTo(2);

        Answer noCommitToShift = api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "to", "shift-by", "shiftBy", -1));
        assertProblem(noCommitToShift, 400, null);
        assertThat(noCommitToShift.json().get("detail").asText()).isEqualTo("Cannot shift grouped-1: the group has no committed offset there");
        JsonNode shifted = api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "partitions", List.of(0), "to", "shift-by",
                "shiftBy", -5)).json();
        assertThat(shifted.get("applied").asBoolean()).isTrue();
        assertThat(shifted.get("partitions").get(0).get("requestedOffset").asLong()).isEqualTo(-4);
        assertThat(shifted.get("partitions").get(0).get("newOffset").asLong()).as("clamped to the log start").isZero();

        Answer explicit = api.post(ADMIN, offsets, Map.of("offsets", Map.of("grouped", Map.of("1", 1), "grouped-too", Map.of("0", 3))));
        assertThat(explicit.status()).as(explicit.toString()).isEqualTo(200);
        assertThat(explicit.json().get("totalLagAfter").asLong()).isEqualTo(1);
        JsonNode moved = api.get(ADMIN, "/api/groups/lagging").json();
        assertThat(moved.get("offsets")).extracting(o -> o.get("topic").asText() + "-" + o.get("partition").asInt() + "@" + o.get("committedOffset").asLong())
                .containsExactly("grouped-0@0", "grouped-1@1", "grouped-too-0@3");
        assertThat(moved.get("totalLag").asLong()).isEqualTo(3);

        assertThat(newOffsets(api.post(ADMIN, offsets + "?dryRun=true", Map.of("topics", List.of("grouped"), "to", "current"))))
                .containsExactly(0L, 1L);
        assertThat(newOffsets(api.post(ADMIN, offsets + "?dryRun=true", Map.of("topics", List.of("grouped-too"), "to", "datetime",
                "datetime", "2000-01-01T00:00:00+01:00")))).as("before every record: the first").containsExactly(0L);
        assertThat(newOffsets(api.post(ADMIN, offsets + "?dryRun=true", Map.of("topics", List.of("grouped-too"), "to", "datetime",
                "datetime", "2100-01-01T00:00:00Z[Europe/Paris]")))).as("after every record: the end").containsExactly(3L);
        assertThat(newOffsets(api.post(ADMIN, offsets + "?dryRun=true", Map.of("topics", List.of("grouped-too"), "to", "timestamp",
                "timestamp", 0)))).containsExactly(0L);
        assertThat(newOffsets(api.post(ADMIN, offsets + "?dryRun=true", Map.of("topics", List.of("grouped-too"), "to", "duration",
                "duration", "PT1H")))).containsExactly(0L);
        assertThat(newOffsets(api.post(ADMIN, offsets + "?dryRun=true", Map.of("topics", List.of("grouped-too"), "to", "latest"))))
                .containsExactly(3L);

        for (Map.Entry<String, String> missing : Map.of("offset", "offset", "shift-by", "shiftBy", "datetime", "datetime",
                "timestamp", "timestamp", "duration", "duration").entrySet()) {
            Answer refused = api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "to", missing.getKey()));
            assertProblem(refused, 400, null);
            assertThat(refused.json().get("detail").asText()).startsWith("Give '" + missing.getValue() + "'")
                    .endsWith("to reset with to=" + missing.getKey());
        }
        Answer blankTime = api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "to", "datetime", "datetime", " "));
        assertThat(blankTime.json().get("detail").asText()).startsWith("Give 'datetime'");
        Answer localTime = api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "to", "datetime", "datetime", "2026-12-06T14:00:00"));
        assertProblem(localTime, 400, null);
        assertThat(localTime.json().get("detail").asText()).contains("with an offset or zone");
        assertProblem(api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"))), 400, null);
        assertProblem(api.post(ADMIN, offsets, Map.of()), 400, null);
        assertProblem(api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "to", "offset", "offset", -1)), 400, null);
        assertProblem(api.post(ADMIN, offsets, Map.of("offsets", Map.of("grouped", Map.of("first", 1)))), 400, null);
        assertProblem(api.post(ADMIN, offsets, Map.of("topics", List.of("missing"), "to", "earliest")), 404, 3);
        assertProblem(api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "to", "yesterday")), 400, null);
        assertProblem(api.post(ADMIN, offsets, Map.of("topics", List.of("grouped"), "partitions", List.of(5), "to", "latest")), 400, null);
        assertThat(api.get(ADMIN, "/api/groups/lagging").json().get("totalLag").asLong()).as("refusals change nothing").isEqualTo(3);

        try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer(),
                ConsumerConfig.GROUP_ID_CONFIG, "lagging", ConsumerConfig.CLIENT_ID_CONFIG, "lag-worker",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            member.subscribe(List.of("grouped"));
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            for (String dryRun : List.of("", "?dryRun=true")) {
                Answer active = api.post(ADMIN, offsets + dryRun, Map.of("topics", List.of("grouped"), "to", "earliest"));
                assertProblem(active, 409, null);
                assertThat(active.json().get("detail").asText())
                        .isEqualTo("Group lagging has 1 active member (client id lag-worker): stop it before resetting its offsets.");
            }
            assertThat(listedGroup(api.get(ADMIN, "/api/groups").json(), "lagging").get("members").asInt()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.delete(ADMIN, "/api/groups/lagging").status()).isEqualTo(204));
        assertProblem(api.get(ADMIN, "/api/groups/lagging"), 404, 69);
    }

    private static JsonNode listedGroup(JsonNode groups, String id) {
        for (JsonNode group : groups) {
            if (group.get("groupId").asText().equals(id)) return group;
        }
        throw new AssertionError("No group " + id + " in " + groups);
    }

    private static List<Long> newOffsets(Answer preview) {
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        return preview.json().get("partitions").findValues("newOffset").stream().map(JsonNode::asLong).toList();
    }

    @Test
    void shareGroupShowsItsMembersAndItsRecordsInFlightPerPartition() throws Exception {
        createTopic("shared-work", 1);
        for (int i = 0; i < 10; i++) api.post(ADMIN, "/api/records/shared-work", Map.of("partition", 0, "value", "job " + i));
        InFlightShareRecords.startFromEarliest(NODE.bootstrapServer(), "sharing");
        try (KafkaShareConsumer<String, String> consumer =
                     InFlightShareRecords.subscribed(NODE.bootstrapServer(), "sharing", "share-worker", "shared-work")) {
            List<ConsumerRecord<String, String>> held = InFlightShareRecords.leave(consumer, 10,
                    Map.of(6L, AcknowledgeType.RELEASE, 7L, AcknowledgeType.RELEASE, 8L, AcknowledgeType.REJECT));
            assertThat(held).extracting(ConsumerRecord::offset).containsExactly(6L, 7L);

            assertThat(api.get(VIEWER, "/api/groups").json()).anySatisfy(group -> {
                assertThat(group.get("groupId").asText()).isEqualTo("sharing");
                assertThat(group.get("type").asText()).isEqualTo("SHARE");
            });
            JsonNode group = api.get(VIEWER, "/api/groups/sharing").json();
            assertThat(group.get("type").asText()).isEqualTo("SHARE");
            assertThat(group.get("state").asText()).isEqualTo("Stable");
            assertThat(group.get("groupEpoch").asInt()).isPositive();
            assertThat(group.get("assignmentEpoch").asInt()).isEqualTo(group.get("groupEpoch").asInt());
            assertThat(group.get("coordinatorId").asInt()).isEqualTo(1);
            assertThat(group.get("members")).hasSize(1);
            JsonNode member = group.get("members").get(0);
            assertThat(member.get("memberId").asText()).isNotBlank();
            assertThat(member.get("clientId").asText()).isEqualTo("share-worker");
            assertThat(member.get("host").asText()).contains("127.0.0.1");
            assertThat(member.get("assignments").toString()).isEqualTo("[\"shared-work-0\"]");
            assertThat(group.get("partitions")).hasSize(1);
            JsonNode partition = group.get("partitions").get(0);
            assertThat(partition.get("topic").asText()).isEqualTo("shared-work");
            assertThat(partition.get("partition").asInt()).isZero();
            assertThat(partition.get("startOffset").asLong()).as("0-5 accepted: done").isEqualTo(6);
            assertThat(partition.get("endOffset").asLong()).isEqualTo(10);
            assertThat(partition.get("acquired").asLong()).as("6 and 7, released and delivered again").isEqualTo(2);
            assertThat(partition.get("available").asLong()).isZero();
            assertThat(partition.get("archived").asLong()).as("8, rejected").isEqualTo(1);
            assertThat(partition.get("acknowledged").asLong()).as("9, accepted behind 6-8").isEqualTo(1);
            assertThat(partition.get("highWatermark").asLong()).isEqualTo(10);
            assertThat(partition.get("undelivered").asLong()).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode left = api.get(VIEWER, "/api/groups/sharing").json();
            assertThat(left.get("state").asText()).isEqualTo("Empty");
            assertThat(left.get("members")).isEmpty();
        });
        assertProblem(api.get(VIEWER, "/api/groups/nobody-shares-this"), 404, 69);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        api.get(ADMIN, "/api/topics");

        Answer ready = api.get(NOBODY, "/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.text()).contains("partita-node-ready").contains("\"UP\"");
        assertThat(api.get(NOBODY, "/health/live").text()).contains("partita-node-running");

        String metrics = api.call(NOBODY, "GET", "/metrics", null).text();
        assertThat(metrics).contains("partita_api_requests_seconds_count{method=\"GET\",mp_scope=\"application\",status=\"200\"}")
                .containsPattern("partita_api_requests_seconds_max\\{method=\"GET\",mp_scope=\"application\",status=\"200\"} \\d\\.\\d+\n")
                .containsPattern("partita_topics\\{mp_scope=\"application\"} \\d")
                .contains("partita_partitions{");

        String openApi = api.get(NOBODY, "/openapi").text();
        assertThat(openApi).contains("/topics/{name}/partitions").contains("/topics/{topic}/reassignments").contains("/groups/{id}/offsets").contains("/records/{topic}/{partition}")
                .contains("/users/{name}", "/acls", "/quotas/users/{user}/clients/{clientId}");
    }

    @Test
    void everySampleOfTheAdminApiTimerIsInSeconds() {
        for (int i = 0; i < 5; i++) api.get(ADMIN, "/api/topics");

        List<String> samples = scrape().lines()
                .filter(line -> line.startsWith("partita_api_requests_seconds") && !line.startsWith("partita_api_requests_seconds_count"))
                .toList();
        assertThat(samples).anySatisfy(line -> assertThat(line).startsWith("partita_api_requests_seconds_sum{"))
                .anySatisfy(line -> assertThat(line).startsWith("partita_api_requests_seconds_mean{"))
                .anySatisfy(line -> assertThat(line).startsWith("partita_api_requests_seconds_max{"));
        // an admin request of this test takes well under a minute; in nanoseconds any one is over a thousand
        assertThat(samples).allSatisfy(line ->
                assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).as(line).isBetween(0.0, 60.0));
    }

    @Test
    void metricsCountWhatKafkaClientsProduceAndConsumeAndShowGroupLag() throws Exception {
        createTopic("metered", 1);
        double recordsBefore = metric(scrape(), "partita_produced_records_total{mp_scope=\"application\"}");
        double bytesOutBefore = metric(scrape(), "partita_bytes_out_total{mp_scope=\"application\"}");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer(), ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>("metered", "record " + i)).get();
        }
        int consumed = 0;
        try (KafkaConsumer<String, String> consumer = consumer("metered-group")) {
            consumer.assign(List.of(new TopicPartition("metered", 0)));
            consumer.seekToBeginning(List.of(new TopicPartition("metered", 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumed < 4 && System.nanoTime() < deadline) {
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync(Map.of(new TopicPartition("metered", 0), new OffsetAndMetadata(4)));
        }
        assertThat(consumed).isGreaterThanOrEqualTo(4);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = scrape();
            assertThat(metric(metrics, "partita_produced_records_total{mp_scope=\"application\"}") - recordsBefore)
                    .isEqualTo(10);
            assertThat(metric(metrics, "partita_bytes_in_total{mp_scope=\"application\"}")).isGreaterThanOrEqualTo(10 * 8);
            assertThat(metric(metrics, "partita_bytes_out_total{mp_scope=\"application\"}") - bytesOutBefore)
                    .isGreaterThanOrEqualTo(10 * 8);
            assertThat(metric(metrics, "partita_replication_bytes_out_total{mp_scope=\"application\"}")).isZero();
            assertThat(metric(metrics, "partita_under_replicated_partitions{mp_scope=\"application\"}")).isZero();
            assertThat(metric(metrics, "partita_kafka_requests_total{api=\"Produce\",mp_scope=\"application\"}"))
                    .isGreaterThanOrEqualTo(10);
            assertThat(metric(metrics, "partita_kafka_requests_total{api=\"Fetch\",mp_scope=\"application\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric(metrics, "partita_kafka_request_time_seconds_total{api=\"Produce\",mp_scope=\"application\"}"))
                    .isGreaterThan(0).isLessThan(60);
            assertThat(metric(metrics, "partita_group_lag{group=\"metered-group\",mp_scope=\"application\",partition=\"0\",topic=\"metered\"}"))
                    .isEqualTo(6);
            assertThat(metric(metrics, "partita_group_lag_sum{group=\"metered-group\",mp_scope=\"application\"}")).isEqualTo(6);
            assertThat(metric(metrics, "partita_group_lag_max{mp_scope=\"application\"}")).isGreaterThanOrEqualTo(6);
        });

        assertThat(api.delete(ADMIN, "/api/groups/metered-group").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(scrape()).as("a deleted group's series go").doesNotContain("group=\"metered-group\""));

        JsonNode traffic = api.get(VIEWER, "/api/node/traffic").json();
        assertThat(traffic.get("producedRecords").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(traffic.get("requests").findValuesAsText("api")).contains("Produce", "Fetch", "Metadata");
        assertProblem(api.get(NOBODY, "/api/node/traffic"), 401, null);
        assertThat(api.get(VIEWER, "/api/cluster").json().get("underReplicated").asInt()).isZero();
    }

    @Test
    void historyOfTheNodeATopicAndAGroupIsSampledEveryIntervalAndReadFromAGivenTime() {
        // The node keeps the history of the first 100 topics and groups by name: these sort before the 200
        // console-list-* groups of ConsoleGroupsIT, which may run first on the shared node.
        createTopic("charted", 1);
        for (int i = 0; i < 10; i++) api.post(ADMIN, "/api/records/charted", Map.of("value", "v" + i));
        try (KafkaConsumer<String, String> consumer = consumer("charted-group")) {
            consumer.commitSync(Map.of(new TopicPartition("charted", 0), new OffsetAndMetadata(3)));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode topic = api.get(VIEWER, "/api/topics/charted/history").json();
            assertThat(topic.get("intervalMs").asLong()).as("SecuredNode's metrics.history.interval.ms").isEqualTo(1000);
            assertThat(values(topic, "recordsIn")).as("the records/s of some sample").anyMatch(rate -> rate > 0);
            assertThat(values(api.get(VIEWER, "/api/groups/charted-group/history").json(), "lag")).last().isEqualTo(7.0);
        });
        JsonNode node = api.get(VIEWER, "/api/node/history").json();
        assertThat(node.get("nodeId").asInt()).isEqualTo(1);
        assertThat(node.get("series").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("bytesIn", "bytesOut", "recordsIn", "replicationBytesOut");
        JsonNode bytesIn = node.get("series").get("bytesIn");
        long last = bytesIn.get(bytesIn.size() - 1).get(0).asLong();
        assertThat(last).isCloseTo(System.currentTimeMillis(), within(30_000L));
        JsonNode newer = api.get(VIEWER, "/api/node/history?after=" + last).json().get("series");
        for (JsonNode series : newer) {
            for (JsonNode sample : series) assertThat(sample.get(0).asLong()).isGreaterThan(last);
        }
        assertThat(api.get(VIEWER, "/api/topics/never-written/history").json().get("series")).isEmpty();
        assertProblem(api.get(VIEWER, "/api/node/history?after=yesterday"), 400, null);
        assertProblem(api.get(NOBODY, "/api/groups/charted-group/history"), 401, null);
    }

    private static List<Double> values(JsonNode history, String series) {
        List<Double> values = new ArrayList<>();
        history.get("series").path(series).forEach(sample -> values.add(sample.get(1).asDouble()));
        return values;
    }

    @Test
    void consoleAssetsNeedALoginOnTheLoginPage() throws Exception {
        String console = "http://127.0.0.1:" + NODE.httpPort() + "/console/";
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        for (String asset : List.of("", "index.html", "console.js", "chart.js", "security.js")) {
            HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create(console + asset)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(asset).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location")).as(asset).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/console/login.html"));
        }
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(console + "login.html")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("id=\"login-user\"");

        HttpResponse<String> wrong = browser.send(login(console, "no-such-session", ""), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/console/login.html?failed"));
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(console + "console.js")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(302);

        // the login page opens an API session with the password and posts its token, with the route first asked for
        String token = api.post(VIEWER, "/api/sessions", null).json().get("token").asText();
        HttpResponse<String> loggedIn = browser.send(login(console, token, "#/topics/orders"), HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/console/#/topics/orders"));
        assertThat(browser.send(login(console, token, "//elsewhere.example/"), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/console/"));
        HttpResponse<String> script = browser.send(HttpRequest.newBuilder(URI.create(console + "console.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("async function route()");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-store");

        assertThat(browser.send(HttpRequest.newBuilder(URI.create(console + "logout")).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/console/login.html?logout"));
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(console + "console.js")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(302);
        assertThat(api.get(NOBODY, "/health/ready").status()).as("health stays open").isEqualTo(200);
    }

    private static HttpRequest login(String console, String token, String next) {
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(console + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private String scrape() {
        Answer metrics = api.call(NOBODY, "GET", "/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.text();
    }

    /** The value of one series of a Prometheus text exposition. */
    private static double metric(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).strip());
        }
        throw new AssertionError("No series " + series + " in:\n" + exposition.lines()
                .filter(line -> line.startsWith("partita_")).collect(Collectors.joining("\n")));
    }

    private void createTopic(String name, int partitions) {
        Answer created = api.post(ADMIN, "/api/topics", Map.of("name", name, "partitions", partitions));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private static JsonNode topic(JsonNode topics, String name) {
        for (JsonNode topic : topics) {
            if (topic.get("name").asText().equals(name)) return topic;
        }
        throw new AssertionError("No topic " + name + " in " + topics);
    }

    private static JsonNode config(JsonNode configs, String name) {
        for (JsonNode config : configs) {
            if (config.get("name").asText().equals(name)) return config;
        }
        throw new AssertionError("No config " + name + " in " + configs);
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    static void assertProblem(Answer answer, int status, Integer kafkaErrorCode) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).as(answer.toString()).isNotBlank();
        if (kafkaErrorCode != null) {
            assertThat(problem.path("errorCode").asInt(-1)).as(answer.toString()).isEqualTo(kafkaErrorCode);
        }
    }
}
