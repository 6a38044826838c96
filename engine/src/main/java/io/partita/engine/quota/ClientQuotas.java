package io.partita.engine.quota;

import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The client quotas this node enforces: for a request's user (its principal's name) and client id, which quota of
 * each {@link QuotaType} applies, and the {@link RateQuota} its amounts are measured in.
 *
 * <p>The quota that applies is the first one set for that type in Kafka's order (KIP-55): {@code
 * /users/<user>/clients/<client-id>}, {@code /users/<user>/clients/<default>}, {@code /users/<user>}, {@code
 * /users/<default>/clients/<client-id>}, {@code /users/<default>/clients/<default>}, {@code /users/<default>},
 * {@code /clients/<client-id>}, {@code /clients/<default>}. Who shares a rate follows from the level, as in Kafka:
 * a quota with a client part is measured per user and client id, a user quota per user (all its clients
 * together), a client quota per client id (all users together).
 *
 * <p>Every change of the settings starts a new generation: the quotas are resolved anew and every rate is measured
 * from zero again (with at most one span's worth let through at once, see {@link RateQuota.Window#fromFirstSpan}).
 * Rates nobody recorded into for an hour are dropped, and resolutions are redone at most once a minute, so that
 * clients that come and go leave nothing behind. Without any quota of a type, {@link #enabled} is a read of
 * one immutable set and nothing else is done. Thread-safe: a generation is immutable but for its concurrent caches.
 */
public final class ClientQuotas {

    private static final long IDLE_EXPIRY_MS = TimeUnit.HOURS.toMillis(1);
    private static final long SWEEP_INTERVAL_MS = TimeUnit.MINUTES.toMillis(1);

    /** Whose amounts a rate counts: a user, a client id, or both (null: not part of it). */
    private record Metered(QuotaType type, String user, String clientId) {
    }

    private record Client(String user, String clientId) {
    }

    /** What a quota entity names of one entity type: the client's own name, the default, or nothing. */
    private enum Part {
        NAME, DEFAULT, ABSENT;

        void putInto(Map<String, String> entity, String type, String name) {
            if (this != ABSENT) entity.put(type, this == NAME ? name : null);
        }
    }

    /** One level of Kafka's order: the entity it looks up, and whose amounts are measured together under it. */
    private record Level(Part user, Part clientId) {
        ClientQuotaEntity entityOf(Client client) {
            Map<String, String> entity = new HashMap<>();
            user.putInto(entity, ClientQuotaEntity.USER, client.user());
            clientId.putInto(entity, ClientQuotaEntity.CLIENT_ID, client.clientId());
            return new ClientQuotaEntity(entity);
        }

        Metered metered(QuotaType type, Client client) {
            return new Metered(type, user == Part.ABSENT ? null : client.user(), clientId == Part.ABSENT ? null : client.clientId());
        }
    }

    private static final List<Level> LEVELS = List.of(
            new Level(Part.NAME, Part.NAME), new Level(Part.NAME, Part.DEFAULT), new Level(Part.NAME, Part.ABSENT),
            new Level(Part.DEFAULT, Part.NAME), new Level(Part.DEFAULT, Part.DEFAULT), new Level(Part.DEFAULT, Part.ABSENT),
            new Level(Part.ABSENT, Part.NAME), new Level(Part.ABSENT, Part.DEFAULT));

    private final Clock clock;
    private final RateQuota.Window window;
    private volatile Generation generation;

    /**
     * Starts without any quota: see {@link #update}.
     *
     * @param window how every client quota measures its rate
     */
    public ClientQuotas(Clock clock, RateQuota.Window window) {
        this.clock = clock;
        this.window = window;
        this.generation = new Generation(Map.of());
    }

    /** Takes up the quotas as they are now set: every entity with its values by config key. The same again is a no-op. */
    public synchronized void update(Map<ClientQuotaEntity, Map<String, Double>> settings) {
        if (!settings.equals(generation.settings)) generation = new Generation(settings);
    }

    /** Whether any quota of {@code type} is set. */
    public boolean enabled(QuotaType type) {
        return generation.enabled.contains(type);
    }

    /**
     * Counts {@code amount} against the quota of {@code type} that applies to the client; returns how long the client
     * must now wait (0 when within its quota, or when none applies).
     */
    public long record(QuotaType type, String user, String clientId, double amount) {
        RateQuota quota = generation.quota(type, user, clientId);
        if (quota == null) return 0;
        quota.record(amount);
        return quota.throttleMs();
    }

    /** How long the client must wait before its quota of {@code type} is no longer exceeded (0 when it is not). */
    public long throttleMs(QuotaType type, String user, String clientId) {
        RateQuota quota = generation.quota(type, user, clientId);
        return quota == null ? 0 : quota.throttleMs();
    }

    /** The quotas of one version of the settings, and the rates measured against them. */
    private final class Generation {
        final Map<ClientQuotaEntity, Map<String, Double>> settings;
        final Map<QuotaType, Map<ClientQuotaEntity, Double>> values = new EnumMap<>(QuotaType.class);
        final Set<QuotaType> enabled;
        final Map<Client, RateQuota[]> resolved = new ConcurrentHashMap<>();
        final Map<Metered, RateQuota> rates = new ConcurrentHashMap<>();
        volatile long lastSweepMs = clock.millis();

        Generation(Map<ClientQuotaEntity, Map<String, Double>> all) {
            settings = Map.copyOf(all);
            all.forEach((entity, quotas) -> quotas.forEach((key, value) -> {
                QuotaType type = QuotaType.ofKey(key);
                if (type != null) values.computeIfAbsent(type, t -> new HashMap<>()).put(entity, value);
            }));
            enabled = values.isEmpty() ? Set.of() : EnumSet.copyOf(values.keySet());
        }

        RateQuota quota(QuotaType type, String user, String clientId) {
            if (!enabled.contains(type)) return null;
            Client client = new Client(user, clientId);
            RateQuota[] quotas = resolved.get(client);
            if (quotas == null) {
                sweepIfDue();
                quotas = resolved.computeIfAbsent(client, this::resolve);
            }
            return quotas[type.ordinal()];
        }

        private RateQuota[] resolve(Client client) {
            RateQuota[] quotas = new RateQuota[QuotaType.values().length];
            for (QuotaType type : enabled) quotas[type.ordinal()] = resolve(type, client);
            return quotas;
        }

        private RateQuota resolve(QuotaType type, Client client) {
            Map<ClientQuotaEntity, Double> set = values.get(type);
            for (Level level : LEVELS) {
                Double value = set.get(level.entityOf(client));
                if (value == null) continue;
                RateQuota quota = rates.computeIfAbsent(level.metered(type, client), m -> new RateQuota(clock, window));
                quota.bound(type.bound(value));
                return quota;
            }
            return null;
        }

        private void sweepIfDue() {
            long now = clock.millis();
            if (now - lastSweepMs < SWEEP_INTERVAL_MS) return;
            lastSweepMs = now;
            rates.values().removeIf(q -> now - q.lastRecordedMs() > IDLE_EXPIRY_MS);
            // Clients come and go (ids with a counter in them): their resolutions are redone, at most once a minute.
            resolved.clear();
        }
    }
}
