package io.partita.engine.protocol;

import io.partita.engine.quota.ClientQuotas;
import io.partita.engine.quota.QuotaType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestContext;

/**
 * The client quotas measured per request: the bytes of each Produce request against {@code producer_byte_rate}, and
 * the time each request took to handle against {@code request_percentage}. That time is the handler's own work on
 * the connection's event loop (parsing excluded, as is anything it waited for: replicas, long polls, the metadata
 * quorum), an approximation of Kafka's request-handler and network thread time. As in Kafka, requests between
 * brokers (follower fetches, cluster actions), ApiVersions and SASL authentication never count against
 * {@code request_percentage}. The quota user is the principal's name ({@code ANONYMOUS} without authentication).
 *
 * <p>Thread-safe, as {@link ClientQuotas} is.
 */
final class ClientQuotaThrottle implements RequestThrottle {

    private final ClientQuotas quotas;

    ClientQuotaThrottle(ClientQuotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public long throttleMs(RequestContext context, AbstractRequest request, int requestBytes, long handlingNanos) {
        ApiKeys api = context.header.apiKey();
        long throttle = 0;
        if (api == ApiKeys.PRODUCE && quotas.enabled(QuotaType.PRODUCE)) {
            throttle = quotas.record(QuotaType.PRODUCE, context.principal.getName(), context.clientId(), requestBytes);
        }
        if (quotas.enabled(QuotaType.REQUEST) && !exemptFromRequestQuota(api, request)) {
            throttle = Math.max(throttle, quotas.record(QuotaType.REQUEST, context.principal.getName(), context.clientId(),
                    handlingNanos / 1_000_000.0));
        }
        return throttle;
    }

    private static boolean exemptFromRequestQuota(ApiKeys api, AbstractRequest request) {
        return api.clusterAction || api == ApiKeys.API_VERSIONS || api == ApiKeys.SASL_HANDSHAKE || api == ApiKeys.SASL_AUTHENTICATE
                || request instanceof FetchRequest fetch && fetch.isFromFollower();
    }
}
