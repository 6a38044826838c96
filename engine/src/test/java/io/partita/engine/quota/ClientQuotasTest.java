package io.partita.engine.quota;

import io.partita.engine.log.MutableClock;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which client quota applies to a user and client id (Kafka's order, KIP-55), and who shares its rate. */
class ClientQuotasTest {

    /** Kafka's eight levels, first match wins; null: the default entity, absent key: not part of the entity. */
    private static final List<ClientQuotaEntity> LEVELS = List.of(
            entity("alice", "c1"), entity("alice", null), user("alice"),
            entity(null, "c1"), entity(null, null), user(null),
            client("c1"), client(null));

    private final MutableClock clock = new MutableClock(1_000_000);
    /** Kafka's default window, divided by at least one span: recording twice the bound at once waits 2 s. */
    private final ClientQuotas quotas = new ClientQuotas(clock, RateQuota.Window.fromFirstSpan(11, 1_000));

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void theFirstLevelWithTheQuotaSetAppliesWhateverTheLevelsAfterIt(int level) {
        Map<ClientQuotaEntity, Map<String, Double>> settings = new LinkedHashMap<>();
        for (int i = level; i < LEVELS.size(); i++) {
            settings.put(LEVELS.get(i), Map.of("producer_byte_rate", i == level ? 1_000.0 : 1_000_000.0));
        }
        // A quota of another type at a level before it changes nothing for this one.
        if (level > 0) settings.put(LEVELS.get(0), Map.of("consumer_byte_rate", 1.0));
        quotas.update(settings);

        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c1", 2_000)).isEqualTo(2_000);
    }

    @Test
    void noQuotaOfATypeCostsNothingAndNeverThrottles() {
        quotas.update(Map.of(client("c1"), Map.of("consumer_byte_rate", 1.0)));

        assertThat(quotas.enabled(QuotaType.PRODUCE)).isFalse();
        assertThat(quotas.enabled(QuotaType.FETCH)).isTrue();
        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c1", 1e9)).isZero();
        assertThat(quotas.record(QuotaType.FETCH, "alice", "other", 1e9)).as("no quota for this client id").isZero();
    }

    @Test
    void aUserQuotaIsSharedByTheUsersClientsAndAClientQuotaByItsUsers() {
        quotas.update(Map.of(user("alice"), Map.of("producer_byte_rate", 1_000.0),
                client("c1"), Map.of("consumer_byte_rate", 1_000.0)));

        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c1", 1_000)).isZero();
        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c2", 1_000)).as("the same rate as c1's").isEqualTo(2_000);
        assertThat(quotas.record(QuotaType.PRODUCE, "bob", "c1", 1_000)).as("bob has no quota").isZero();

        assertThat(quotas.record(QuotaType.FETCH, "alice", "c1", 1_000)).isZero();
        assertThat(quotas.record(QuotaType.FETCH, "bob", "c1", 1_000)).as("the same rate as alice's").isEqualTo(2_000);
    }

    @Test
    void aQuotaWithAClientPartIsMeasuredPerUserAndClientId() {
        quotas.update(Map.of(entity(null, null), Map.of("producer_byte_rate", 1_000.0)));

        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c1", 1_000)).isZero();
        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c2", 1_000)).isZero();
        assertThat(quotas.record(QuotaType.PRODUCE, "bob", "c1", 1_000)).isZero();
        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c1", 1_000)).isEqualTo(2_000);
    }

    @Test
    void theThrottleEndsWhenTheAverageIsBackAtTheBound() {
        quotas.update(Map.of(client("c1"), Map.of("producer_byte_rate", 1_000.0)));

        long throttle = quotas.record(QuotaType.PRODUCE, "alice", "c1", 3_000);
        assertThat(throttle).isEqualTo(3_000);
        clock.advance(Duration.ofMillis(throttle));
        assertThat(quotas.throttleMs(QuotaType.PRODUCE, "alice", "c1")).isZero();
    }

    @Test
    void requestPercentageBoundsMillisecondsOfThreadTimePerSecond() {
        quotas.update(Map.of(client("c1"), Map.of("request_percentage", 50.0)));

        assertThat(quotas.record(QuotaType.REQUEST, "alice", "c1", 500)).as("half of one second").isZero();
        assertThat(quotas.record(QuotaType.REQUEST, "alice", "c1", 500)).isEqualTo(2_000);
    }

    @Test
    void aChangedQuotaAppliesAtOnceAndTheSameSettingsAgainKeepTheMeasuredRate() {
        Map<ClientQuotaEntity, Map<String, Double>> settings = Map.of(client("c1"), Map.of("producer_byte_rate", 1_000.0));
        quotas.update(settings);
        quotas.record(QuotaType.PRODUCE, "alice", "c1", 2_000);

        quotas.update(Map.copyOf(settings));
        assertThat(quotas.throttleMs(QuotaType.PRODUCE, "alice", "c1")).isEqualTo(2_000);

        quotas.update(Map.of(client("c1"), Map.of("producer_byte_rate", 10_000.0)));
        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c1", 2_000)).isZero();
        quotas.update(Map.of());
        assertThat(quotas.record(QuotaType.PRODUCE, "alice", "c1", 1e9)).isZero();
    }

    private static ClientQuotaEntity entity(String user, String clientId) {
        Map<String, String> entries = new HashMap<>();
        entries.put(ClientQuotaEntity.USER, user);
        entries.put(ClientQuotaEntity.CLIENT_ID, clientId);
        return new ClientQuotaEntity(entries);
    }

    private static ClientQuotaEntity user(String user) {
        Map<String, String> entries = new HashMap<>();
        entries.put(ClientQuotaEntity.USER, user);
        return new ClientQuotaEntity(entries);
    }

    private static ClientQuotaEntity client(String clientId) {
        Map<String, String> entries = new HashMap<>();
        entries.put(ClientQuotaEntity.CLIENT_ID, clientId);
        return new ClientQuotaEntity(entries);
    }
}
