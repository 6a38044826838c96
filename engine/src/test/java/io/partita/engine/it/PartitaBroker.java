package io.partita.engine.it;

import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.replication.ReplicaManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Partita node started in this JVM together with the Hazelcast member it belongs to the cluster through.
 *
 * <p>Owns both: {@link #close()} stops the node, then the member. The node can be restarted on the same data
 * directory, with the same member or a fresh one (cluster metadata lives in Hazelcast, so a fresh member starts
 * with none). Its listener port is chosen anew at every start. Not thread-safe: one test drives it.
 */
final class PartitaBroker implements AutoCloseable {

    /** Deliberately not 0 or 1, so that an id taken from anywhere but the config shows up in assertions. */
    static final int NODE_ID = 3;

    private NodeConfig config;
    private HazelcastInstance member;
    private PartitaNode node;

    private PartitaBroker(NodeConfig config) {
        this.config = config;
    }

    /** A single node with Kafka's defaults (auto topic creation off) on a free loopback port. */
    static PartitaBroker start(Path dataDir) {
        return start(settings(dataDir, 1, false));
    }

    static PartitaBroker start(NodeConfig config) {
        PartitaBroker broker = new PartitaBroker(config);
        broker.member = IsolatedHazelcast.startMember();
        try {
            broker.startNode();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    static NodeConfig settings(Path dataDir, int numPartitions, boolean autoCreateTopics) {
        return NodeConfig.defaults(NODE_ID, "127.0.0.1", 0, dataDir)
                .with(NodeConfig.NUM_PARTITIONS, numPartitions)
                .with(NodeConfig.AUTO_CREATE_TOPICS, autoCreateTopics)
                .with(NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0);
    }

    TestBroker asTestBroker() {
        InetSocketAddress address = node.kafkaAddress();
        return new TestBroker(address.getHostString() + ":" + address.getPort(), NODE_ID);
    }

    ReplicaManager replicaManager() {
        return node.replicaManager();
    }

    PartitaNode node() {
        return node;
    }

    /** The two ways a test restarts the node on its data directory. */
    enum Restart {
        /** The Hazelcast member, which holds the cluster metadata, stays up. */
        SAME_MEMBER,
        /** The member is shut down too and a fresh one, knowing nothing, takes its place. */
        FRESH_MEMBER
    }

    /** Closes the node and starts it again on the same data directory and Hazelcast member, with other settings. */
    void restart(NodeConfig changed) {
        config = changed;
        restart(Restart.SAME_MEMBER);
    }

    NodeConfig config() {
        return config;
    }

    /** Closes the node and starts a new one on the same data directory. */
    void restart(Restart how) {
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
            node = PartitaNode.start(config, NodeEnvironment.standalone(member, "partita-it-node" + NODE_ID));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
