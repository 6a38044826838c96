package io.partita.engine.protocol;

import io.partita.engine.audit.AuditLog;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsResponse;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The APIs this node serves, each with the version range it advertises and the handler that serves it. What is
 * advertised is exactly what is registered: a client never sends an API the broker did not advertise. The handlers of
 * APIs that change the cluster are registered {@link AdminAudit audited}.
 *
 * <p>Built once at start, then read-only; thread-safe after publication.
 */
final class SupportedApis {

    private record Entry(ApiHandler handler, short minVersion, short maxVersion) {
    }

    /** Told the id of each connection that closed, for state kept per connection (share sessions). */
    private final List<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();
    private final Map<ApiKeys, Entry> entries = new EnumMap<>(ApiKeys.class);
    private final AdminAudit audit = new AdminAudit(new AuditLog(Clock.systemUTC()));

    /**
     * What Apache Kafka 4.4 advertises for each API. It is not always what it parses: Produce is advertised from
     * v0 for old librdkafka clients, which then pick v3 or later, while v0-v2 requests are refused.
     */
    private static final ApiVersionCollection KAFKA_BROKER_VERSIONS =
            ApiVersionsResponse.brokerApiVersions(ApiMessageType.ListenerType.BROKER, true, true);

    /** Serves {@code api} at the versions Kafka 4.4 advertises for it. */
    SupportedApis register(ApiKeys api, ApiHandler handler) {
        ApiVersion v = KAFKA_BROKER_VERSIONS.find(api.id);
        if (v == null) v = ApiVersionsResponse.toApiVersion(api);
        return register(api, handler, v.minVersion(), v.maxVersion());
    }

    SupportedApis register(ApiKeys api, ApiHandler handler, short minVersion, short maxVersion) {
        entries.put(api, new Entry(audit.audited(api, handler), minVersion, maxVersion));
        return this;
    }

    /** The handler for {@code api} at {@code version}, or null when that is not served. */
    ApiHandler handlerFor(ApiKeys api, short version) {
        Entry e = entries.get(api);
        return e == null || version < e.minVersion() || version > e.maxVersion() ? null : e.handler();
    }

    ApiVersionCollection advertised() {
        ApiVersionCollection result = new ApiVersionCollection();
        entries.forEach((api, e) -> result.add(new ApiVersion()
                .setApiKey(api.id).setMinVersion(e.minVersion()).setMaxVersion(e.maxVersion())));
        return result;
    }

    /** Has {@code listener} told the id of every connection that closes from now on. */
    void onConnectionClosed(Consumer<String> listener) {
        closeListeners.add(listener);
    }

    /** A connection closed: tells the listeners. */
    void connectionClosed(String connectionId) {
        closeListeners.forEach(listener -> listener.accept(connectionId));
    }
}
