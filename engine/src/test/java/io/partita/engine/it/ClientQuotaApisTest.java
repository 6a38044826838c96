package io.partita.engine.it;

import io.partita.engine.cluster.KafkaTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.tools.ConfigCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DescribeClientQuotas and AlterClientQuotas through the Admin client and {@code kafka-configs.sh}, with Kafka's
 * validation errors. A node of its own: default quotas would throttle every other test's clients.
 */
class ClientQuotaApisTest {

    @TempDir
    static Path dir;
    private static TestNode node;
    private static Admin admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(dir);
        admin = node.clients().admin();
    }

    @AfterAll
    static void stop() {
        if (admin != null) admin.close();
        if (node != null) node.close();
    }

    @Test
    void alteredQuotasOfEveryEntityKindAreDescribedAsSet() throws Exception {
        String user = unique("user");
        String client = unique("client");
        ClientQuotaEntity ofUser = entity(user, null, true, false);
        ClientQuotaEntity ofClient = entity(null, client, false, true);
        ClientQuotaEntity ofBoth = entity(user, client, true, true);

        alter(ofUser, Map.of("producer_byte_rate", 1_048_576.0, "controller_mutation_rate", 2.5));
        alter(ofClient, Map.of("consumer_byte_rate", 2_048.0));
        alter(ofBoth, Map.of("request_percentage", 50.5));

        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user)))))
                .containsExactly(Map.entry(ofUser, Map.of("producer_byte_rate", 1_048_576.0, "controller_mutation_rate", 2.5)));
        assertThat(describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user)))))
                .as("non-strict: entities with other types too")
                .containsOnlyKeys(ofUser, ofBoth);
        assertThat(describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, client)))))
                .containsOnlyKeys(ofClient, ofBoth);
        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user),
                ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, client)))))
                .containsExactly(Map.entry(ofBoth, Map.of("request_percentage", 50.5)));
    }

    @Test
    void defaultEntitiesAreMatchedByDefaultAndSpecifiedFilters() throws Exception {
        String client = unique("client");
        ClientQuotaEntity defaultUser = entity(null, null, true, false);
        ClientQuotaEntity defaultUserOfClient = entity(null, client, true, true);
        alter(defaultUser, Map.of("producer_byte_rate", 1e9));
        alter(defaultUserOfClient, Map.of("producer_byte_rate", 2e9));

        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.USER)))))
                .containsExactly(Map.entry(defaultUser, Map.of("producer_byte_rate", 1e9)));
        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.USER),
                ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, client)))))
                .containsOnlyKeys(defaultUserOfClient);
        assertThat(describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.USER)))))
                .containsKeys(defaultUser, defaultUserOfClient);

        remove(defaultUser, "producer_byte_rate");
        remove(defaultUserOfClient, "producer_byte_rate");
    }

    @Test
    void removingAnEntitysLastQuotaRemovesTheEntity() throws Exception {
        ClientQuotaEntity ofClient = entity(null, unique("client"), false, true);
        alter(ofClient, Map.of("producer_byte_rate", 1_000.0, "consumer_byte_rate", 2_000.0));

        remove(ofClient, "producer_byte_rate");
        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(exact(ofClient))))).containsExactly(Map.entry(ofClient, Map.of("consumer_byte_rate", 2_000.0)));

        remove(ofClient, "consumer_byte_rate");
        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(exact(ofClient))))).isEmpty();
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        ClientQuotaEntity ofClient = entity(null, unique("client"), false, true);
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(ofClient, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1_000.0)))),
                new AlterClientQuotasOptions().validateOnly(true)).all().get();

        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(exact(ofClient))))).isEmpty();
    }

    @Test
    void invalidAlterationsAreRefusedAsKafkaRefusesThem() throws Exception {
        ClientQuotaEntity ofClient = entity(null, unique("client"), false, true);

        assertInvalid(ofClient, "no_such_quota", 1.0, "Invalid configuration key no_such_quota");
        assertInvalid(ofClient, "producer_byte_rate", -1.0, "Quota producer_byte_rate must be greater than 0");
        assertInvalid(ofClient, "request_percentage", 0.0, "Quota request_percentage must be greater than 0");
        assertInvalid(ofClient, "consumer_byte_rate", 1.5, "consumer_byte_rate cannot be a fractional value.");
        assertInvalid(ofClient, "producer_byte_rate", 1e300, "Proposed value for producer_byte_rate is too large for a LONG.");
        assertInvalid(ofClient, "controller_mutation_rate", Double.NaN, "Quota controller_mutation_rate must be a finite number");
        assertInvalid(new ClientQuotaEntity(Map.of()), "producer_byte_rate", 1.0, "Invalid empty client quota entity");
        assertInvalid(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "")), "producer_byte_rate", 1.0, "Empty client-id not supported");
        assertInvalid(new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "")), "producer_byte_rate", 1.0, "Empty user not supported");
        assertInvalid(new ClientQuotaEntity(Map.of("group", "g1")), "producer_byte_rate", 1.0, "Unhandled client quota entity type: group");
        assertInvalid(new ClientQuotaEntity(Map.of(ClientQuotaEntity.IP, "127.0.0.1", ClientQuotaEntity.USER, "x")), "connection_creation_rate", 1.0,
                "Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId");
        assertThat(describe(ClientQuotaFilter.containsOnly(List.of(exact(ofClient))))).as("nothing stored").isEmpty();
    }

    @Test
    void invalidFiltersAreRefusedAsKafkaRefusesThem() {
        assertThatThrownBy(() -> describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "a"),
                ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "b")))))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRequestException.class)
                .hasMessage("Entity type user cannot appear more than once in the filter.");
        assertThatThrownBy(() -> describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity("group", "g1")))))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnsupportedVersionException.class)
                .hasMessage("Unsupported entity type group");
        assertThatThrownBy(() -> describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.IP, "127.0.0.1"),
                ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "b")))))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.");
    }

    @Test
    void kafkaConfigsAltersDescribesAndDeletesClientQuotas() {
        String client = unique("client");

        assertThat(configs("--alter", "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152",
                "--entity-type", "clients", "--entity-name", client).output())
                .contains("Completed updating config for client " + client + ".");
        assertThat(configs("--describe", "--entity-type", "clients", "--entity-name", client).output())
                .contains("Quota configs for client-id '" + client + "' are consumer_byte_rate=2097152.0, producer_byte_rate=1048576.0");

        assertThat(configs("--alter", "--delete-config", "consumer_byte_rate", "--entity-type", "clients", "--entity-name", client).exitCode()).isZero();
        assertThat(configs("--describe", "--entity-type", "clients", "--entity-name", client).output())
                .contains("Quota configs for client-id '" + client + "' are producer_byte_rate=1048576.0");
    }

    @Test
    void kafkaConfigsAltersAndDescribesUserQuotas() {
        String user = unique("user");

        assertThat(configs("--alter", "--add-config", "producer_byte_rate=1048576", "--entity-type", "users", "--entity-name", user).output())
                .contains("Completed updating config for user " + user + ".");
        assertThat(configs("--alter", "--add-config", "producer_byte_rate=5", "--entity-type", "users", "--entity-name", user,
                "--entity-type", "clients", "--entity-name", "c1").exitCode()).isZero();

        assertThat(configs("--describe", "--entity-type", "users", "--entity-name", user).output())
                .contains("Quota configs for user-principal '" + user + "' are producer_byte_rate=1048576.0");
        assertThat(configs("--describe", "--entity-type", "users", "--entity-name", user, "--entity-type", "clients", "--entity-name", "c1").output())
                .contains("Quota configs for user-principal '" + user + "', client-id 'c1' are producer_byte_rate=5.0");
    }

    @Test
    void kafkaConfigsSetsTheDefaultClientQuota() {
        assertThat(configs("--alter", "--add-config", "request_percentage=200", "--entity-type", "clients", "--entity-default").exitCode()).isZero();
        try {
            assertThat(configs("--describe", "--entity-type", "clients", "--entity-default").output())
                    .contains("Quota configs for the default client-id are request_percentage=200.0");
        } finally {
            configs("--alter", "--delete-config", "request_percentage", "--entity-type", "clients", "--entity-default");
        }
    }

    private static KafkaTool.Result configs(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", node.clients().bootstrapServers()));
        all.addAll(List.of(args));
        return KafkaTool.run(ConfigCommand::main, all.toArray(String[]::new));
    }

    private static void assertInvalid(ClientQuotaEntity entity, String key, double value, String message) {
        assertThatThrownBy(() -> alter(entity, Map.of(key, value)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }

    private static void alter(ClientQuotaEntity entity, Map<String, Double> values) throws Exception {
        List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
        values.forEach((key, value) -> ops.add(new ClientQuotaAlteration.Op(key, value)));
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, ops))).all().get();
    }

    private static void remove(ClientQuotaEntity entity, String key) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op(key, null))))).all().get();
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> describe(ClientQuotaFilter filter) throws Exception {
        return admin.describeClientQuotas(filter).entities().get();
    }

    private static ClientQuotaFilterComponent exact(ClientQuotaEntity ofClient) {
        return ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, ofClient.entries().get(ClientQuotaEntity.CLIENT_ID));
    }

    /** An entity of a user, a client id or both; a null name of a type it has is that type's default. */
    private static ClientQuotaEntity entity(String user, String clientId, boolean hasUser, boolean hasClient) {
        Map<String, String> entries = new HashMap<>();
        if (hasUser) entries.put(ClientQuotaEntity.USER, user);
        if (hasClient) entries.put(ClientQuotaEntity.CLIENT_ID, clientId);
        return new ClientQuotaEntity(entries);
    }

    private static String unique(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
