package io.partita.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.systemtests.ApiClient.Answer;
import io.partita.systemtests.ApiClient.Login;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.partita.systemtests.AdminApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One identity for Kafka and the admin API, against the node shared with {@link AdminApiIT} (ACLs on): users created
 * with Kafka's Admin API log into the API with the role a users-file line or their ACLs give them, wrong passwords are
 * refused and viewers change nothing; SCRAM users, ACLs and client quotas are managed through {@code /api} as
 * Kafka's tools manage them, with Kafka's errors.
 */
class SecurityApiIT {

    @RegisterExtension
    static final SecuredNode NODE = new SecuredNode();

    private static final Login ADMIN = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
    private static final Login VIEWER = new Login(SecuredNode.VIEWER, SecuredNode.VIEWER_PASSWORD);
    private static final Duration ACLS_IN_FORCE = Duration.ofSeconds(10);

    private static Admin kafka;
    private final ApiClient api = NODE.api();

    @BeforeAll
    static void connect() {
        kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer()));
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aScramUserLogsInWithTheRoleItsAclsGive() throws Exception {
        createScramUser("sam", ScramMechanism.SCRAM_SHA_256, "sam-secret");
        Login sam = new Login("sam", "sam-secret");
        assertProblem(api.get(sam, "/api/me"), 401, null);

        kafka.createAcls(List.of(onCluster("User:sam", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW))).all().get();
        awaitRole(sam, "viewer");
        assertThat(api.get(sam, "/api/topics").status()).isEqualTo(200);
        assertProblem(api.post(sam, "/api/topics", Map.of("name", "sam-made")), 403, null);
        assertProblem(api.get(new Login("sam", "not-sams"), "/api/me"), 401, null);

        kafka.createAcls(List.of(onCluster("User:sam", "*", AclOperation.ALTER, AclPermissionType.ALLOW))).all().get();
        awaitRole(sam, "admin");
        Answer created = api.post(sam, "/api/topics", Map.of("name", "sam-made", "partitions", 1));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        NODE.assertAudited("via=rest user=sam source=127.0.0.1 action=POST resource=/api/topics outcome=ok status=201");

        // ACLs are checked for the address the API's client comes from, as the Kafka listener checks them
        kafka.createAcls(List.of(onCluster("User:sam", "127.0.0.1", AclOperation.ALTER, AclPermissionType.DENY))).all().get();
        awaitRole(sam, "viewer");
    }

    @Test
    void aUsersFileLineGivesAScramUserTheirRole() throws Exception {
        Files.writeString(NODE.usersFile(), "rita=admin:scram\nvic = viewer : scram\nnora=admin:scram\n", StandardOpenOption.APPEND);
        createScramUser("rita", ScramMechanism.SCRAM_SHA_512, "rita-secret");
        createScramUser("vic", ScramMechanism.SCRAM_SHA_256, "vic-secret");
        Login rita = new Login("rita", "rita-secret");
        Login vic = new Login("vic", "vic-secret");

        awaitRole(rita, "admin");
        awaitRole(vic, "viewer");
        assertProblem(api.get(new Login("rita", "vic-secret"), "/api/me"), 401, null);
        assertProblem(api.post(vic, "/api/topics", Map.of("name", "vic-made")), 403, null);
        assertProblem(api.put(vic, "/api/users/vic", Map.of("password", "new")), 403, null);
        assertThat(api.get(vic, "/api/users").status()).isEqualTo(200);
        assertProblem(api.get(new Login("nora", "scram"), "/api/me"), 401, null);
        assertProblem(api.get(new Login("nora", ""), "/api/me"), 401, null);
    }

    @Test
    void scramUsersAreManagedThroughTheApi() throws Exception {
        Answer set = api.put(ADMIN, "/api/users/tom", Map.of("password", "tom-secret", "mechanism", "SCRAM-SHA-256", "iterations", 8192));
        assertThat(set.status()).as(set.toString()).isEqualTo(204);
        assertThat(api.put(ADMIN, "/api/users/tom", Map.of("password", "tom-512")).status()).isEqualTo(204);

        assertThat(user(api.get(VIEWER, "/api/users").json(), "tom").get("credentials").toString())
                .isEqualTo("[{\"iterations\":8192,\"mechanism\":\"SCRAM-SHA-256\"},{\"iterations\":4096,\"mechanism\":\"SCRAM-SHA-512\"}]");
        assertThat(kafka.describeUserScramCredentials(List.of("tom")).description("tom").get().credentialInfos())
                .extracting(ScramCredentialInfo::mechanism).containsExactlyInAnyOrder(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512);
        NODE.assertAudited("via=rest user=admin source=127.0.0.1 action=PUT resource=/api/users/tom outcome=ok status=204",
                "client=partita-api-admin action=AlterUserScramCredentials resource=user:tom outcome=ok set.SCRAM-SHA-256.iterations=8192");
        assertThat(Files.readString(NODE.log())).doesNotContain("tom-secret");

        assertProblem(api.put(ADMIN, "/api/users/tom", Map.of()), 400, null);
        assertProblem(api.put(ADMIN, "/api/users/tom", Map.of("password", "x", "mechanism", "SCRAM-MD5")), 400, null);
        assertProblem(api.put(ADMIN, "/api/users/tom", Map.of("password", "x", "iterations", 100)), 400,
                (int) Errors.UNACCEPTABLE_CREDENTIAL.code());
        assertProblem(api.put(VIEWER, "/api/users/tom", Map.of("password", "x")), 403, null);

        assertThat(api.delete(ADMIN, "/api/users/tom?mechanism=SCRAM-SHA-256").status()).isEqualTo(204);
        assertThat(user(api.get(ADMIN, "/api/users").json(), "tom").get("credentials").findValuesAsText("mechanism"))
                .containsExactly("SCRAM-SHA-512");
        assertThat(api.delete(ADMIN, "/api/users/tom").status()).isEqualTo(204);
        assertThat(api.get(ADMIN, "/api/users").json().findValuesAsText("name")).doesNotContain("tom");
        assertProblem(api.delete(ADMIN, "/api/users/tom"), 404, (int) Errors.RESOURCE_NOT_FOUND.code());
    }

    @Test
    void aclsAreManagedThroughTheApi() throws Exception {
        Answer added = api.post(ADMIN, "/api/acls", Map.of("resourceType", "topic", "resourceName", "orders",
                "principal", "User:ann", "operation", "read"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().toString()).isEqualTo("{\"host\":\"*\",\"operation\":\"READ\",\"patternType\":\"LITERAL\","
                + "\"permission\":\"ALLOW\",\"principal\":\"User:ann\",\"resourceName\":\"orders\",\"resourceType\":\"TOPIC\"}");
        Map<String, Object> deny = Map.of("resourceType", "TOPIC", "resourceName", "orders-", "patternType", "PREFIXED",
                "principal", "User:ann", "host", "10.0.0.0/8", "operation", "WRITE", "permission", "DENY");
        assertThat(api.post(ADMIN, "/api/acls", deny).status()).isEqualTo(201);

        assertThat(api.get(VIEWER, "/api/acls?principal=User:ann").json()).hasSize(2);
        assertThat(api.get(VIEWER, "/api/acls?principal=User:ann&resourceType=TOPIC&resourceName=orders-eu&patternType=MATCH").json())
                .singleElement().satisfies(acl -> assertThat(acl.get("permission").asText()).isEqualTo("DENY"));
        assertThat(kafka.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:ann", null, AclOperation.ANY, AclPermissionType.ANY))).values().get())
                .contains(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                        new AccessControlEntry("User:ann", "*", AclOperation.READ, AclPermissionType.ALLOW)));
        NODE.assertAudited("via=rest user=admin source=127.0.0.1 action=POST resource=/api/acls outcome=ok status=201",
                "client=partita-api-admin action=CreateAcls resource=topic:orders- outcome=ok pattern=prefixed principal=User:ann"
                        + " host=10.0.0.0/8 operation=write permission=deny");

        assertProblem(api.post(ADMIN, "/api/acls", Map.of("resourceType", "TOPIC", "resourceName", "orders",
                "principal", "User:ann", "operation", "FLY")), 400, null);
        assertProblem(api.post(ADMIN, "/api/acls", Map.of("resourceType", "TOPIC", "resourceName", "orders",
                "principal", "User:ann", "operation", "ANY")), 400, null);
        assertProblem(api.post(ADMIN, "/api/acls", Map.of("resourceType", "TOPIC", "resourceName", "orders",
                "principal", "ann", "operation", "READ")), 400, (int) Errors.INVALID_REQUEST.code());
        assertProblem(api.post(ADMIN, "/api/acls", Map.of("resourceType", "TOPIC", "operation", "READ")), 400, null);
        assertProblem(api.get(ADMIN, "/api/acls?resourceType=TABLE"), 400, null);
        assertProblem(api.post(VIEWER, "/api/acls", deny), 403, null);

        String readOrders = "/api/acls?resourceType=TOPIC&resourceName=orders&principal=User:ann&operation=READ";
        assertThat(api.delete(ADMIN, readOrders).status()).isEqualTo(204);
        assertProblem(api.delete(ADMIN, readOrders), 404, null);
        assertThat(api.delete(ADMIN, "/api/acls?resourceType=TOPIC&resourceName=orders-&patternType=PREFIXED"
                + "&principal=User:ann&host=10.0.0.0/8&operation=WRITE&permission=DENY").status()).isEqualTo(204);
        assertThat(api.get(ADMIN, "/api/acls?principal=User:ann").json()).isEmpty();
    }

    @Test
    void clientQuotasAreManagedThroughTheApi() throws Exception {
        assertThat(api.put(ADMIN, "/api/quotas/users/ann", Map.of("producer_byte_rate", 1048576, "consumer_byte_rate", 2097152))
                .status()).isEqualTo(204);
        assertThat(api.put(ADMIN, "/api/quotas/users/%3Cdefault%3E/clients/app-1", Map.of("request_percentage", 50))
                .status()).isEqualTo(204);
        assertThat(api.put(ADMIN, "/api/quotas/clients/app-2", Map.of("controller_mutation_rate", 10)).status()).isEqualTo(204);

        JsonNode quotas = api.get(VIEWER, "/api/quotas").json();
        assertThat(quota(quotas, "users/ann").toString()).as("no clientId: the entity names none").isEqualTo("{\"path\":\"users/ann\","
                + "\"quotas\":{\"consumer_byte_rate\":2097152.0,\"producer_byte_rate\":1048576.0},\"user\":\"ann\"}");
        assertThat(quota(quotas, "users/<default>/clients/app-1").get("user").asText()).isEqualTo("<default>");
        assertThat(quota(quotas, "clients/app-2").get("quotas").get("controller_mutation_rate").asDouble()).isEqualTo(10);
        Map<String, String> ann = new HashMap<>();
        ann.put(ClientQuotaEntity.USER, "ann");
        assertThat(kafka.describeClientQuotas(ClientQuotaFilter.all()).entities().get().get(new ClientQuotaEntity(ann)))
                .containsEntry("producer_byte_rate", 1048576.0);
        NODE.assertAudited("via=rest user=admin source=127.0.0.1 action=PUT resource=/api/quotas/users/%3Cdefault%3E/clients/app-1 outcome=ok status=204",
                "client=partita-api-admin action=AlterClientQuotas resource=quota:users/<default>/clients/app-1 outcome=ok set.request_percentage=50.0");

        assertThat(api.put(ADMIN, "/api/quotas/users/ann", "{\"producer_byte_rate\": null}").status()).isEqualTo(204);
        assertThat(quota(api.get(ADMIN, "/api/quotas").json(), "users/ann").get("quotas").toString())
                .isEqualTo("{\"consumer_byte_rate\":2097152.0}");

        assertProblem(api.put(ADMIN, "/api/quotas/users/ann", Map.of("no_such_quota", 1)), 400, (int) Errors.INVALID_REQUEST.code());
        assertProblem(api.put(ADMIN, "/api/quotas/users/ann", Map.of("producer_byte_rate", -1)), 400, (int) Errors.INVALID_REQUEST.code());
        assertProblem(api.put(ADMIN, "/api/quotas/users/ann", Map.of("producer_byte_rate", "fast")), 400, null);
        assertProblem(api.put(ADMIN, "/api/quotas/users/ann", Map.of()), 400, null);
        assertProblem(api.put(VIEWER, "/api/quotas/users/ann", Map.of("producer_byte_rate", 1)), 403, null);

        for (String entity : List.of("users/ann", "users/%3Cdefault%3E/clients/app-1", "clients/app-2")) {
            assertThat(api.delete(ADMIN, "/api/quotas/" + entity).status()).as(entity).isEqualTo(204);
        }
        assertProblem(api.delete(ADMIN, "/api/quotas/users/ann"), 404, null);
        assertThat(api.get(ADMIN, "/api/quotas").json().findValuesAsText("path")).doesNotContain("users/ann", "clients/app-2");
    }

    @Test
    void aLoginSessionStandsForThePasswordUntilLogout() throws Exception {
        Answer opened = api.post(VIEWER, "/api/sessions", null);
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(opened.json().get("role").asText()).isEqualTo("viewer");
        assertThat(opened.json().get("canWrite").asBoolean()).isFalse();
        Login session = Login.session(opened.json().get("token").asText());

        Answer me = api.get(session, "/api/me");
        assertThat(me.json().get("name").asText()).as(me.toString()).isEqualTo(SecuredNode.VIEWER);
        assertThat(me.cacheControl()).isEqualTo("no-store");
        assertProblem(api.post(session, "/api/topics", Map.of("name", "by-a-viewers-session")), 403, null);
        assertProblem(api.post(session, "/api/sessions", null), 403, null);
        assertThat(api.delete(session, "/api/sessions/current").status()).isEqualTo(204);
        assertProblem(api.get(session, "/api/me"), 401, null);
        assertProblem(api.get(Login.session("no-such-session"), "/api/me"), 401, null);

        // a token logs in with the role its user has now: one whose users-file line is gone is refused
        String users = Files.readString(NODE.usersFile());
        createScramUser("tess", ScramMechanism.SCRAM_SHA_256, "tess-secret");
        Files.writeString(NODE.usersFile(), "tess=admin:scram\n", StandardOpenOption.APPEND);
        awaitRole(new Login("tess", "tess-secret"), "admin");
        Login tess = Login.session(api.post(new Login("tess", "tess-secret"), "/api/sessions", null).json().get("token").asText());
        assertThat(api.get(tess, "/api/me").json().get("role").asText()).isEqualTo("admin");
        Files.writeString(NODE.usersFile(), users);
        await("tess's session refused").atMost(ACLS_IN_FORCE).untilAsserted(() -> assertProblem(api.get(tess, "/api/me"), 401, null));
    }

    @Test
    void theAuditLogListsChangesThroughTheApiAndKafkaClientsNewestFirst() throws Exception {
        assertThat(api.post(ADMIN, "/api/topics", Map.of("name", "audited-by-rest", "partitions", 1)).status()).isEqualTo(201);
        assertProblem(api.post(ADMIN, "/api/topics", Map.of("name", "audited-by-rest", "partitions", 1)), 409, null);
        kafka.createTopics(List.of(new NewTopic("audited-by-kafka", 1, (short) 1))).all().get();

        JsonNode created = api.get(ADMIN, "/api/audit?action=createtopics&resource=audited-by-&outcome=ok").json();
        assertThat(created.get("total").asInt()).as(created.toString()).isEqualTo(2);
        assertThat(created.get("entries").findValuesAsText("resource"))
                .containsExactly("topic:audited-by-kafka", "topic:audited-by-rest");
        assertThat(created.get("entries").get(1).get("client").asText()).isEqualTo("partita-api-admin");
        assertThat(created.get("entries").get(0).get("via").asText()).isEqualTo("kafka");

        JsonNode refused = api.get(ADMIN, "/api/audit?user=admin&action=POST&resource=/api/topics&outcome=TOPIC_ALREADY_EXISTS").json();
        assertThat(refused.get("total").asInt()).as(refused.toString()).isEqualTo(1);
        JsonNode entry = refused.get("entries").get(0);
        assertThat(entry.get("via").asText()).isEqualTo("rest");
        assertThat(entry.get("details").get("status").asText()).isEqualTo("409");
        assertThat(entry.get("details").get("message").asText()).contains("audited-by-rest");

        JsonNode second = api.get(ADMIN, "/api/audit?action=createtopics&resource=audited-by-&offset=1&limit=1").json();
        assertThat(second.get("entries").findValuesAsText("resource")).containsExactly("topic:audited-by-rest");
        assertProblem(api.get(ADMIN, "/api/audit?limit=0"), 400, null);
        assertProblem(api.get(VIEWER, "/api/audit"), 403, null);
    }

    private static void createScramUser(String name, ScramMechanism mechanism, String password) throws Exception {
        kafka.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name, new ScramCredentialInfo(mechanism, 4096),
                password))).all().get();
    }

    private static AclBinding onCluster(String principal, String host, AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL),
                new AccessControlEntry(principal, host, operation, permission));
    }

    /** Waits until {@code login} is accepted with {@code role}: an ACL is in force on every node within a metadata poll. */
    private void awaitRole(Login login, String role) {
        await(login.user() + " as " + role).atMost(ACLS_IN_FORCE).untilAsserted(() -> {
            Answer me = api.get(login, "/api/me");
            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            assertThat(me.json().get("role").asText()).isEqualTo(role);
        });
    }

    private static JsonNode user(JsonNode users, String name) {
        for (JsonNode user : users) if (user.get("name").asText().equals(name)) return user;
        throw new AssertionError("No user " + name + " in " + users);
    }

    private static JsonNode quota(JsonNode quotas, String path) {
        for (JsonNode quota : quotas) if (quota.get("path").asText().equals(path)) return quota;
        throw new AssertionError("No quotas of " + path + " in " + quotas);
    }
}
