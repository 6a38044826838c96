package io.partita.ra.api;

import java.io.Serializable;

/**
 * A snapshot of a node's identity and state. Immutable.
 *
 * @param nodeId            the node's {@code node.id}
 * @param bootstrapAddress  {@code host:port} Kafka clients use as {@code bootstrap.servers} for this node
 * @param ready             true once every log is recovered and the Kafka listener serves
 */
public record NodeInfo(int nodeId, String bootstrapAddress, boolean ready) implements Serializable {
}
