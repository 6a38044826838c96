package io.partita.engine.protocol;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestContext;

/**
 * What a served request costs its client against the quotas a connection can measure by itself (the request's
 * bytes, the time it took to handle), as the time the client must now wait: its answer carries at least that
 * throttle time and its connection reads nothing more for that long. Called on the connection's event loop.
 */
@FunctionalInterface
interface RequestThrottle {

    /**
     * @param requestBytes   the size of the request's frame
     * @param handlingNanos  the time its handler took on the event loop (not what it waited for)
     * @return how long the client must wait, in milliseconds (0: not at all)
     */
    long throttleMs(RequestContext context, AbstractRequest request, int requestBytes, long handlingNanos);
}
