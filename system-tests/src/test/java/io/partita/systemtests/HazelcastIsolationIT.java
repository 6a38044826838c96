package io.partita.systemtests;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What protects a node's Hazelcast port, which carries unauthenticated cluster traffic: it is bound to the one
 * address given with {@code --hz-interface}, and a member with another {@code --cluster-name} is refused, the node
 * saying so in its log.
 */
class HazelcastIsolationIT {

    @Test
    void hazelcastListensOnlyOnItsInterfaceAndRefusesAMemberOfAnotherCluster() {
        int nodePort = FreePorts.next();
        int strangerPort = FreePorts.next();
        String members = "127.0.0.1:" + nodePort + ",127.0.0.1:" + strangerPort;
        try (PartitaNodeProcess node = PartitaNodeProcess.start(1, List.of(), Map.of(), List.of("--hz-port",
                String.valueOf(nodePort), "--hz-interface", "127.0.0.1", "--cluster-name", "blue", "--members", members))) {
            ToolRun listening = Processes.run(List.of("ss", "-Htln", "sport = :" + nodePort), "", Duration.ofSeconds(10), Map.of());
            List<String> localAddresses = listening.stdout().lines().map(line -> line.trim().split("\\s+")[3]).toList();
            assertThat(localAddresses).as(listening.toString()).isNotEmpty()
                    .allMatch(address -> address.matches("(\\[::ffff:)?127\\.0\\.0\\.1]?:" + nodePort), "on 127.0.0.1 only");

            HazelcastInstance stranger = Hazelcast.newHazelcastInstance(member("green", strangerPort, nodePort));
            try {
                String refusal = "Received an invalid join request from [127.0.0.1]:" + strangerPort;
                await("the node's log: " + refusal).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> Files.readString(node.dataDir().resolve("partita.log")).contains(refusal));
                assertThat(stranger.getCluster().getMembers()).as("the stranger's cluster").hasSize(1);
            } finally {
                stranger.shutdown();
            }
        }
    }

    /** A plain member of cluster {@code name} on loopback that looks for members at {@code peerPort}. */
    private static Config member(String name, int port, int peerPort) {
        Config config = new Config();
        config.setClusterName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getMetricsConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getJoin().getMulticastConfig().setEnabled(false);
        network.getJoin().getAutoDetectionConfig().setEnabled(false);
        network.getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + peerPort);
        return config;
    }
}
