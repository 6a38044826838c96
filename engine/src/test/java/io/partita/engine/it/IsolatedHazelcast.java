package io.partita.engine.it;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.UUID;

/**
 * Starts plain Hazelcast members that form a cluster of their own: a fresh cluster name per member, loopback only,
 * no multicast or cloud discovery, so members of parallel test runs on the same machine never meet.
 *
 * <p>Stateless; every call starts a new member that the caller shuts down.
 */
final class IsolatedHazelcast {

    private IsolatedHazelcast() {
    }

    static HazelcastInstance startMember() {
        Config config = new Config();
        config.setClusterName("partita-it-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "5");
        // a lone member need not wait for others to show up
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(5701).setPortAutoIncrement(true).setPortCount(200);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return Hazelcast.newHazelcastInstance(config);
    }
}
