package io.partita.engine.protocol;

import io.partita.engine.quota.ClientQuotas;
import io.partita.engine.quota.QuotaType;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestContext;

/**
 * One CreateTopics, CreatePartitions or DeleteTopics request's account against its client's {@code
 * controller_mutation_rate} (KIP-599): each topic's partitions created or deleted count once the topic succeeded.
 * At the versions that know THROTTLING_QUOTA_EXCEEDED (strict), a topic is refused with it while the quota is
 * exceeded, so a request may create its first topics and have the rest refused, and the answer carries a throttle
 * time only when something was refused (the time the client waits before it retries); older versions are never
 * refused, and their answer carries the throttle time once their partitions exceeded the quota. Confined to the
 * thread serving the request.
 */
final class MutationQuota {

    private final ClientQuotas quotas;
    private final RequestContext context;
    private final boolean strict;
    private long throttleMs;

    /**
     * @param strictFromVersion the first version of the request's API whose clients know THROTTLING_QUOTA_EXCEEDED
     */
    MutationQuota(ClientQuotas quotas, RequestContext context, short strictFromVersion) {
        this.quotas = quotas;
        this.context = context;
        this.strict = context.apiVersion() >= strictFromVersion;
    }

    /** Refuses the next topic while a strict request's quota is exceeded. */
    void check() {
        if (!strict || !quotas.enabled(QuotaType.CONTROLLER_MUTATION)) return;
        long now = quotas.throttleMs(QuotaType.CONTROLLER_MUTATION, context.principal.getName(), context.clientId());
        if (now > 0) {
            throttleMs = now;
            throw new ThrottlingQuotaExceededException(throttleMs(), Errors.THROTTLING_QUOTA_EXCEEDED.message());
        }
    }

    /** Counts the partitions a topic's success created or deleted. */
    void record(int partitions) {
        if (!quotas.enabled(QuotaType.CONTROLLER_MUTATION)) return;
        long after = quotas.record(QuotaType.CONTROLLER_MUTATION, context.principal.getName(), context.clientId(), partitions);
        if (!strict) throttleMs = after;
    }

    /** How long the client must wait; the request's answer carries it. */
    int throttleMs() {
        return (int) Math.min(Integer.MAX_VALUE, throttleMs);
    }
}
