package io.partita.engine.group;

import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.IsolatedHazelcast;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

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
        member = IsolatedHazelcast.startMember();
        try {
            NodeConfig config = NodeConfig.defaults(1, "127.0.0.1", 0, dataDir)
                    .with(NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_HEARTBEAT_INTERVAL_MS)
                    .with(NodeConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS, CONSUMER_SESSION_TIMEOUT_MS);
            for (Map.Entry<String, ?> setting : settings.entrySet()) {
                config = config.with(setting.getKey(), setting.getValue());
            }
            NodeEnvironment standalone = NodeEnvironment.standalone(member, "group-it");
            node = PartitaNode.start(config, new NodeEnvironment(member, standalone.threads(), clock));
        } catch (IOException | RuntimeException e) {
            member.shutdown();
            throw e;
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + node.kafkaAddress().getPort();
    }

    /**
     * For {@code @RegisterExtension} on a static field: one node for a whole test class (starting a Hazelcast member
     * is slow), on a temporary data directory that is deleted with the node after the class. Not thread-safe.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private final int initialRebalanceDelayMs;
        private Path dataDir;
        private PartitaTestNode node;

        PerClass(int initialRebalanceDelayMs) {
            this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            dataDir = Files.createTempDirectory("partita-group-test");
            node = new PartitaTestNode(dataDir, initialRebalanceDelayMs);
        }

        String bootstrapServers() {
            return node.bootstrapServers();
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            try {
                if (node != null) node.close();
            } finally {
                node = null;
                Utils.delete(dataDir.toFile());
            }
        }
    }

    @Override
    public void close() {
        node.close();
        member.shutdown();
    }
}
