package io.partita.engine.group;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.log.LogManager;
import io.partita.engine.protocol.GroupApis;
import io.partita.engine.protocol.KafkaApis;
import io.partita.engine.protocol.KafkaServer;
import io.partita.engine.replication.ReplicaManager;
import io.partita.engine.txn.ProducerIdManager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A broker for end-to-end group tests: the node's parts as {@code PartitaNode} assembles them, plus the group
 * APIs, which {@code PartitaNode} does not register yet. Replace with {@code PartitaNode.start} once it does.
 * Owns its Hazelcast member (isolated: own cluster name, loopback, no multicast), logs and threads; not
 * thread-safe: one test drives it.
 */
final class GroupServingNode implements AutoCloseable {

    private final HazelcastInstance member;
    private final DefaultEventLoopGroup schedulerGroup;
    private final ClusterMetadata cluster;
    private final LogManager logs;
    private final KafkaServer server;

    GroupServingNode(Path dataDir, GroupConfig groups) throws IOException {
        NodeConfig config = NodeConfig.defaults(1, "127.0.0.1", 0, dataDir);
        member = startMember();
        NodeEnvironment env = NodeEnvironment.standalone(member, "group-it");
        logs = new LogManager(config.dataDir(), config.logDefaults(), env.clock());
        schedulerGroup = new DefaultEventLoopGroup(1, env.threads());
        EventLoop scheduler = schedulerGroup.next();
        cluster = new ClusterMetadata(member, config.dataDir());
        // One node: it leads every partition and never connects to a leader.
        ReplicaManager replicas = new ReplicaManager(config.nodeId(), cluster, logs, config.replicaLagTimeMaxMs(), scheduler,
                env.clock(), (leader, replicaId) -> {
                    throw new IllegalStateException("a single node follows no leader");
                });
        GroupCoordinator coordinator = new GroupCoordinator(groups, new InMemoryOffsetStore(), env.clock(), scheduler);
        KafkaApis apis = new KafkaApis(config, cluster, replicas, new ProducerIdManager(cluster), scheduler);
        server = apis.register(new GroupApis(coordinator, config.nodeId(), config.advertisedHost(), this::port,
                        id -> cluster.topic(id).map(TopicMetadata::name).orElse(null),
                        name -> cluster.topic(name).map(TopicMetadata::topicId).orElse(null)).handlers())
                .listen(config.listenerHost(), 0, env.threads(), 2);
        cluster.registerBroker(config.nodeId(), config.advertisedHost(), server.address().getPort(), null);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port();
    }

    private int port() {
        return server.address().getPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        schedulerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        cluster.close();
        logs.close();
        member.shutdown();
    }

    private static HazelcastInstance startMember() {
        Config config = new Config();
        config.setClusterName("partita-group-it-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
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
