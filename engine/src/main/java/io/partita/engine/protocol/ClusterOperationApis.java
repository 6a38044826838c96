package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.Controller;
import io.partita.engine.log.LogManager;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The operators' cluster APIs: ElectLeaders, AlterPartitionReassignments and ListPartitionReassignments (served
 * through the controller), UnregisterBroker and DescribeLogDirs (this node's data directory). Immutable; its handlers are safe on
 * any thread.
 */
public final class ClusterOperationApis {

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);

    /** @param metadataWrites single-threaded; runs the APIs that write the metadata without the controller */
    public ClusterOperationApis(Controller controller, ClusterMetadata cluster, LogManager logs, Executor metadataWrites) {
        handlers.put(ApiKeys.ELECT_LEADERS, new ElectLeadersHandler(controller));
        handlers.put(ApiKeys.UNREGISTER_BROKER, new UnregisterBrokerHandler(cluster, metadataWrites));
        handlers.put(ApiKeys.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(logs));
        new PartitionReassignmentHandlers(controller, cluster).registerWith(handlers);
    }

    /** A handler for each API, to register with {@link KafkaApis#register} (advertised at Kafka 4.4's versions). */
    public Map<ApiKeys, ApiHandler> handlers() {
        return Map.copyOf(handlers);
    }
}
