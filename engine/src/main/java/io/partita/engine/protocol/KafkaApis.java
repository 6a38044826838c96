package io.partita.engine.protocol;

import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.quota.ClientQuotas;
import io.partita.engine.security.ListenerSecurity;
import org.apache.kafka.common.protocol.ApiKeys;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The Kafka APIs this node serves, every one of {@link ApiTable} built from the engine's parts, and the listener that
 * serves them. The entry point into the {@code protocol} package: nothing outside it sees a Kafka message class.
 * Every API is registered before the listener binds: ApiVersions lists them all from the first client on.
 */
public final class KafkaApis {

    private final SupportedApis apis = new SupportedApis();
    private final BrokerStats stats;
    private final ClientQuotas quotas;

    /** Builds every API's handler from {@code parts}, which must hold every part. */
    public KafkaApis(ApiParts parts) {
        this.stats = parts.stats();
        this.quotas = parts.quotas();
        parts.serving(apis);
        for (ApiKeys api : ApiTable.apis()) {
            apis.register(api, WholeRequestChecks.guard(parts.authorizer(), api, ApiTable.handler(api, parts)));
        }
        parts.replicas().observeAppends(parts.waiters()::appended);
        // A share fetch waiting for records is woken by records given back or let through, not only by appends.
        parts.shares().onOffered(parts.waiters()::appended);
        // As in Kafka, a share consumer's records go back as soon as its connection drops, not when its locks expire.
        apis.onConnectionClosed(parts.shares()::connectionClosed);
    }

    /**
     * The handlers of {@code served}, built from only the parts they need, without the node's whole-request checks:
     * for testing a handler over a real engine part.
     */
    public static Map<ApiKeys, ApiHandler> handlers(Set<ApiKeys> served, ApiParts parts) {
        Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
        for (ApiKeys api : served) handlers.put(api, ApiTable.handler(api, parts));
        return handlers;
    }

    /** Binds the listeners, each with its security; requests are served from then on. */
    public KafkaServer listen(List<ListenerSecurity> listeners, Executor threads, int networkThreads) throws IOException {
        return new KafkaServer(listeners, apis, stats, new ClientQuotaThrottle(quotas), threads, networkThreads);
    }
}
