package io.partita.web;

import io.partita.ra.api.NodeInfo;

/**
 * The JSON body of {@code GET /api/node}. Immutable.
 *
 * @param nodeId           the node's {@code node.id}
 * @param bootstrapServer  what Kafka clients pass as {@code bootstrap.servers}
 * @param ready            true once the node serves Kafka clients
 */
public record NodeView(int nodeId, String bootstrapServer, boolean ready) {

    static NodeView of(NodeInfo info) {
        return new NodeView(info.nodeId(), info.bootstrapAddress(), info.ready());
    }
}
