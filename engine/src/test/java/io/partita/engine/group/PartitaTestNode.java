package io.partita.engine.group;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * A single {@link PartitaNode} on a free loopback port with a Hazelcast member of its own (own cluster name,
 * loopback only, no multicast), for end-to-end group tests. Members of consumer-protocol groups heartbeat every
 * {@value #CONSUMER_HEARTBEAT_INTERVAL_MS} ms and their sessions last {@value #CONSUMER_SESSION_TIMEOUT_MS} ms (the
 * broker decides both under KIP-848), so that tests need not wait Kafka's 45 s; given settings override these. Owns both; not thread-safe: one test
 * class drives it.
 */
final class PartitaTestNode implements AutoCloseable {

    static final int CONSUMER_HEARTBEAT_INTERVAL_MS = 250;
    static final int CONSUMER_SESSION_TIMEOUT_MS = 6_000;

    private final HazelcastInstance member;
    private final PartitaNode node;

    PartitaTestNode(Path dataDir, int initialRebalanceDelayMs) throws IOException {
        this(dataDir, Map.of(NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, initialRebalanceDelayMs), Clock.systemUTC());
    }

    /**
     * @param settings node settings by {@link NodeConfig} name
     * @param clock    the node's clock of record (commit timestamps, offset ages)
     */
    PartitaTestNode(Path dataDir, Map<String, ?> settings, Clock clock) throws IOException {
        member = startMember();
        try {
            NodeConfig config = NodeConfig.defaults(1, "127.0.0.1", 0, dataDir)
                    .with(NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_HEARTBEAT_INTERVAL_MS)
                    .with(NodeConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS, CONSUMER_SESSION_TIMEOUT_MS);
            for (Map.Entry<String, ?> setting : settings.entrySet()) {
                config = config.with(setting.getKey(), setting.getValue());
            }
            NodeEnvironment standalone = NodeEnvironment.standalone(member, "group-it");
            node = PartitaNode.start(config, new NodeEnvironment(member, standalone.threads(), clock, true));
        } catch (IOException | RuntimeException e) {
            member.shutdown();
            throw e;
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + node.kafkaAddress().getPort();
    }

    @Override
    public void close() {
        node.close();
        member.shutdown();
    }

    private static HazelcastInstance startMember() {
        Config config = new Config();
        config.setClusterName("partita-group-it-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(5701).setPortAutoIncrement(true).setPortCount(200);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getJoin().getMulticastConfig().setEnabled(false);
        network.getJoin().getAutoDetectionConfig().setEnabled(false);
        network.getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return Hazelcast.newHazelcastInstance(config);
    }
}
