package io.partita.engine.protocol;

import org.apache.kafka.common.requests.RequestContext;

/** What the group handlers read from a request's connection. */
final class GroupRequests {

    private GroupRequests() {
    }

    /** The client id of the request header; empty when the client sent none. */
    static String clientId(RequestContext context) {
        String clientId = context.clientId();
        return clientId == null ? "" : clientId;
    }

    /** The client's address as Kafka shows it in DescribeGroups ({@code /127.0.0.1}). */
    static String clientHost(RequestContext context) {
        return context.clientAddress == null ? "" : context.clientAddress.toString();
    }
}
