package io.partita.web;

import io.partita.ra.api.NodeInfo;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Liveness;

/** Live while this server's node runs. Stateless. */
@Liveness
@ApplicationScoped
public class NodeLiveness extends NodeCheck {

    @Override
    String name() {
        return "partita-node-running";
    }

    @Override
    boolean up(NodeInfo info) {
        return true;
    }
}
