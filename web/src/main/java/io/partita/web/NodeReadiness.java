package io.partita.web;

import io.partita.ra.api.NodeInfo;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** Ready once this server's node has recovered its logs and serves Kafka clients. Stateless. */
@Readiness
@ApplicationScoped
public class NodeReadiness extends NodeCheck {

    @Override
    String name() {
        return "partita-node-ready";
    }

    @Override
    boolean up(NodeInfo info) {
        return info.ready();
    }
}
