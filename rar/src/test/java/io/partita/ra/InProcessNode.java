package io.partita.ra;

import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.IsolatedHazelcast;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Partita node running in this JVM, alone in a Hazelcast cluster of its own, on a free loopback port: what the
 * adapter's clients (consumers, transactional producers) meet on Payara, for tests that need a real node. One
 * partition each for the group and transaction state topics, which a single test node never needs more of.
 *
 * <p>{@link #close()} stops the node, then its member; the data directory is the caller's. Not thread-safe: one test
 * class starts and closes it.
 */
public final class InProcessNode implements AutoCloseable {

    private final HazelcastInstance member;
    private final PartitaNode node;

    private InProcessNode(HazelcastInstance member, PartitaNode node) {
        this.member = member;
        this.node = node;
    }

    public static InProcessNode start(Path dataDir) throws IOException {
        HazelcastInstance member = IsolatedHazelcast.startMember();
        try {
            NodeConfig config = NodeConfig.defaults(1, "127.0.0.1", 0, dataDir).with(Map.of(
                    NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0,
                    NodeConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 1,
                    NodeConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS, 1));
            return new InProcessNode(member, PartitaNode.start(config, NodeEnvironment.standalone(member, "rar-test-node")));
        } catch (IOException | RuntimeException e) {
            member.shutdown();
            throw e;
        }
    }

    /** {@code host:port} of its Kafka listener. */
    public String bootstrap() {
        InetSocketAddress address = node.kafkaAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            member.shutdown();
        }
    }
}
