package io.partita.web;

import io.partita.ra.api.NodeInfo;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** A health check of the node: down when the node is not running, otherwise as {@link #up(NodeInfo)} says. */
abstract class NodeCheck implements HealthCheck {

    @Inject
    NodeConnections connections;

    abstract String name();

    abstract boolean up(NodeInfo info);

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name());
        try {
            NodeInfo info = connections.nodeInfo();
            return response.status(up(info))
                    .withData("nodeId", info.nodeId())
                    .withData("bootstrapServer", info.bootstrapAddress())
                    .build();
        } catch (ResourceException | RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
