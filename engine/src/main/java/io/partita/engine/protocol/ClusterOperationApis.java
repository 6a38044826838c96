package io.partita.engine.protocol;

import io.partita.engine.cluster.Controller;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.EnumMap;
import java.util.Map;

/**
 * The operators' cluster APIs, served through the controller: ElectLeaders. Immutable; its handlers are safe on
 * any thread.
 */
public final class ClusterOperationApis {

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);

    public ClusterOperationApis(Controller controller) {
        handlers.put(ApiKeys.ELECT_LEADERS, new ElectLeadersHandler(controller));
    }

    /** A handler for each API, to register with {@link KafkaApis#register} (advertised at Kafka 4.4's versions). */
    public Map<ApiKeys, ApiHandler> handlers() {
        return Map.copyOf(handlers);
    }
}
