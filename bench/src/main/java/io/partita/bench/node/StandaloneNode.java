package io.partita.bench.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A Partita node without an application server, for the side-by-side benchmark's {@code --partita-mode=engine}:
 * a lone Hazelcast member (loopback only, no multicast, a cluster name of its own) hosting one
 * {@link PartitaNode} with the engine's own threads and schedule.
 *
 * <p>Usage: {@code StandaloneNode name=value...} with the node's Kafka-style settings ({@code listener.port},
 * {@code log.dirs}, {@code group.initial.rebalance.delay.ms}, ...; see {@link NodeConfig#fromProperties}). Prints
 * {@value #READY} once the listener serves; SIGTERM closes the node cleanly.
 */
public final class StandaloneNode {

    static final String READY = "PARTITA STANDALONE NODE READY";

    private StandaloneNode() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: StandaloneNode name=value... (listener.port=9092 log.dirs=data ...), got: " + arg);
                System.exit(2);
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        NodeConfig config = NodeConfig.fromProperties(settings);
        HazelcastInstance hazelcast = startMember(config.listenerHost());
        PartitaNode node;
        try {
            node = PartitaNode.start(config, NodeEnvironment.standalone(hazelcast, "partita-bench"));
        } catch (Exception e) {
            hazelcast.shutdown();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            hazelcast.shutdown();
            stopped.countDown();
        }, "partita-bench-shutdown"));
        System.out.println(READY + " on " + config.listenerHost() + ":" + node.kafkaAddress().getPort());
        stopped.await();
    }

    private static HazelcastInstance startMember(String host) {
        Config config = new Config();
        config.setClusterName("partita-bench-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // The engine reads no Hazelcast metrics; collecting them (and publishing them to JMX) costs CPU every few seconds.
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.logging.type", "jdk");
        // Our own hook closes the node first, then the member it keeps its metadata in.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(5701).setPortAutoIncrement(true).setPortCount(200);
        network.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(host);
        return Hazelcast.newHazelcastInstance(config);
    }
}
