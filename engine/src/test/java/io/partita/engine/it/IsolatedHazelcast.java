package io.partita.engine.it;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.UUID;

/**
 * Plain Hazelcast members for tests, isolated from everything else on the machine: loopback only, no multicast or
 * cloud discovery, TCP/IP join, so members of parallel test runs never meet. {@link #startMember()} gives a member a
 * cluster of its own; {@link #config(String)} is the same set-up for members of a cluster the caller wires.
 *
 * <p>Stateless; every member started is the caller's to shut down.
 */
public final class IsolatedHazelcast {

    private IsolatedHazelcast() {
    }

    /** A member alone in a fresh cluster, on the first free port from 5701. */
    public static HazelcastInstance startMember() {
        return startMember(config("partita-it-" + UUID.randomUUID()));
    }

    /** A member alone in the cluster of {@code config} (made by {@link #config(String)}), on the first free port from 5701. */
    public static HazelcastInstance startMember(Config config) {
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(5701).setPortAutoIncrement(true).setPortCount(200);
        network.getJoin().getTcpIpConfig().addMember("127.0.0.1");
        return Hazelcast.newHazelcastInstance(config);
    }

    /** The isolated set-up for a member of {@code clusterName}, with TCP/IP join on but no port or members set. */
    public static Config config(String clusterName) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "5");
        // members join at once: a lone member has no one to wait for, a cluster's members find each other by TCP/IP
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");

        NetworkConfig network = config.getNetworkConfig();
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        return config;
    }
}
