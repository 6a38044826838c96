package io.partita.engine.it;

import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * The engine tests' one node fixture: a Partita node started in this JVM together with the Hazelcast member it belongs
 * to the cluster through. Single-node tests start one with {@link #start(NodeConfig)} (or share the run's, see
 * {@link BrokerExtension}); a test class that needs one node of its own for all its tests registers a {@link PerClass};
 * {@code TestCluster} runs several, one per node id.
 *
 * <p>Owns both node and member: {@link #close()} stops the node, then the member; {@link #kill()} ends the member first,
 * as a crash would. The node can be restarted on the same data directory, with the same member or a fresh one (cluster
 * metadata lives in Hazelcast, so a fresh member starts with none). Its Kafka port is chosen anew at every start
 * unless the config fixes it. Talk to it through {@link #clients()}. Not thread-safe: one test drives it.
 */
public final class TestNode implements AutoCloseable {

    /** Deliberately not 0 or 1, so that an id taken from anywhere but the config shows up in assertions. */
    public static final int NODE_ID = 3;

    private final Clock clock;
    private NodeConfig config;
    private HazelcastInstance member;
    private PartitaNode node;

    private TestNode(NodeConfig config, HazelcastInstance member, Clock clock) {
        this.config = config;
        this.member = member;
        this.clock = clock;
    }

    /** A single node with Kafka's defaults but auto topic creation off, on a free loopback port: {@link #settings}. */
    public static TestNode start(Path dataDir) {
        return start(settings(dataDir, 1, false));
    }

    /** A node of the given settings, alone in a Hazelcast cluster of its own, on the system clock. */
    public static TestNode start(NodeConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** @param clock the node's clock of record (commit timestamps, offset ages, retention) */
    public static TestNode start(NodeConfig config, Clock clock) {
        return start(config, IsolatedHazelcast.startMember(), clock);
    }

    /** A node that joins the cluster through {@code member}, which it owns from now on (shut down with it). */
    public static TestNode start(NodeConfig config, HazelcastInstance member, Clock clock) {
        TestNode started = new TestNode(config, member, clock);
        try {
            started.startNode();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Node {@link #NODE_ID} on a free loopback port, no initial rebalance delay; other settings Kafka's defaults. */
    public static NodeConfig settings(Path dataDir, int numPartitions, boolean autoCreateTopics) {
        return NodeConfig.defaults(NODE_ID, "127.0.0.1", 0, dataDir)
                .with(NodeConfig.NUM_PARTITIONS, numPartitions)
                .with(NodeConfig.AUTO_CREATE_TOPICS, autoCreateTopics)
                .with(NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0);
    }

    /** Kafka clients of this node's plaintext listener, as it runs now (a restart changes the port). */
    public TestClients clients() {
        return new TestClients(bootstrapServers(), config.nodeId());
    }

    /** host:port of the node's Kafka listener, as it runs now. */
    public String bootstrapServers() {
        return "127.0.0.1:" + node.kafkaAddress().getPort();
    }

    public ReplicaManager replicaManager() {
        return node.replicaManager();
    }

    public PartitaNode node() {
        return node;
    }

    public HazelcastInstance member() {
        return member;
    }

    public NodeConfig config() {
        return config;
    }

    /** The two ways a test restarts the node on its data directory. */
    public enum Restart {
        /** The Hazelcast member, which holds the cluster metadata, stays up. */
        SAME_MEMBER,
        /** The member is shut down too and a fresh one, knowing nothing, takes its place. */
        FRESH_MEMBER
    }

    /** Closes the node and starts it again on the same data directory and Hazelcast member, with other settings. */
    public void restart(NodeConfig changed) {
        config = changed;
        restart(Restart.SAME_MEMBER);
    }

    /** Closes the node and starts a new one on the same data directory. */
    public void restart(Restart how) {
        node.close();
        node = null;
        if (how == Restart.FRESH_MEMBER) {
            member.shutdown();
            member = IsolatedHazelcast.startMember();
        }
        startNode();
    }

    private void startNode() {
        try {
            NodeEnvironment standalone = NodeEnvironment.standalone(member, "partita-test-node" + config.nodeId());
            node = PartitaNode.start(config, new NodeEnvironment(member, standalone.threads(), clock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the node as a crash would for the cluster: its Hazelcast member is terminated first, so its broker stays
     * registered (dead) and no controlled shutdown reaches the others.
     */
    public void kill() {
        member.getLifecycleService().terminate();
        close();
    }

    @Override
    public void close() {
        try {
            if (node != null) node.close();
        } finally {
            node = null;
            if (member != null) member.shutdown();
            member = null;
        }
    }

    /**
     * For {@code @RegisterExtension} on a static field: one node for a whole test class (starting a Hazelcast member
     * is slow), on a temporary data directory that is deleted with the node after the class. Not thread-safe.
     */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private final Function<Path, NodeConfig> settings;
        private Path dataDir;
        private TestNode node;

        /** @param settings the node's config for a given data directory */
        public PerClass(Function<Path, NodeConfig> settings) {
            this.settings = settings;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            dataDir = Files.createTempDirectory("partita-test-node");
            node = start(settings.apply(dataDir));
        }

        public String bootstrapServers() {
            return node.bootstrapServers();
        }

        public TestClients clients() {
            return node.clients();
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
}
