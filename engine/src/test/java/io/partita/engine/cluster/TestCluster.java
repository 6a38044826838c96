package io.partita.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.config.Config;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.IsolatedHazelcast;
import io.partita.engine.it.TestClients;
import io.partita.engine.it.TestNode;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

import static org.awaitility.Awaitility.await;

/**
 * Three {@link TestNode}s (ids 1, 2, 3; a fourth can be started to scale out) in this JVM, each with its own plain
 * Hazelcast member (TCP/IP join on loopback, a cluster name of its own, no multicast), data directory and Kafka port. A
 * node can be closed (its member shut down with it, as when its process dies) and started again on the same data
 * directory and Hazelcast port. Clients come from {@link TestClients}, with metadata refreshed often.
 *
 * <p>Not thread-safe: one test drives it.
 */
final class TestCluster implements AutoCloseable {

    static final int SIZE = 3;
    private static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);
    /** Room for one node more than {@link #SIZE}, started on demand (scale-out). */
    static final int MAX_NODES = SIZE + 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Metadata refreshed often, so that clients find moved leaders and stopped nodes within a test's waits. */
    private static final Map<String, Object> CLIENT_SETTINGS = Map.of(
            CommonClientConfigs.METADATA_MAX_AGE_CONFIG, 500,
            CommonClientConfigs.CLIENT_ID_CONFIG, "partita-cluster-test");

    private final Path root;
    private final String clusterName = "partita-cluster-test-" + UUID.randomUUID();
    private final int[] hazelcastPorts = new int[MAX_NODES + 1];
    /** Members started ahead of their nodes (a quorum forms before the first node starts); a node then owns its. */
    private final HazelcastInstance[] members = new HazelcastInstance[MAX_NODES + 1];
    private final TestNode[] nodes = new TestNode[MAX_NODES + 1];
    private final long replicaLagTimeMaxMs;
    private final BiFunction<Integer, NodeConfig, NodeConfig> settings;
    private final boolean quorum;
    private final List<AutoCloseable> clients = new ArrayList<>();

    private TestCluster(Path root, long replicaLagTimeMaxMs, BiFunction<Integer, NodeConfig, NodeConfig> settings, boolean quorum) {
        this.root = root;
        this.replicaLagTimeMaxMs = replicaLagTimeMaxMs;
        this.settings = settings;
        this.quorum = quorum;
    }

    /**
     * For {@code @RegisterExtension} on an instance field: starts a test's cluster in a temporary directory of its
     * own, then closes the cluster and deletes the directory after the test. Not thread-safe: one test drives it.
     */
    static final class PerTest implements BeforeEachCallback, AfterEachCallback {

        private Path root;
        private TestCluster cluster;

        @Override
        public void beforeEach(ExtensionContext context) throws IOException {
            root = Files.createTempDirectory("partita-cluster-test");
        }

        TestCluster start(long replicaLagTimeMaxMs) {
            return start(replicaLagTimeMaxMs, (id, config) -> config);
        }

        /** @param settings changes each node's config (by node id) before the node starts */
        TestCluster start(long replicaLagTimeMaxMs, BiFunction<Integer, NodeConfig, NodeConfig> settings) {
            if (cluster != null) throw new IllegalStateException("one cluster per test");
            cluster = TestCluster.start(root, replicaLagTimeMaxMs, settings, false);
            return cluster;
        }

        /** A cluster whose members run Hazelcast's CP Subsystem with three CP members: metadata in a quorum. */
        TestCluster startWithQuorum(long replicaLagTimeMaxMs, BiFunction<Integer, NodeConfig, NodeConfig> settings) {
            if (cluster != null) throw new IllegalStateException("one cluster per test");
            cluster = TestCluster.start(root, replicaLagTimeMaxMs, settings, true);
            return cluster;
        }

        /** The cluster this test started. */
        TestCluster cluster() {
            if (cluster == null) throw new IllegalStateException("no cluster started yet");
            return cluster;
        }

        /** The test's temporary directory, which holds the nodes' data directories, for the test's own files too. */
        Path root() {
            return root;
        }

        @Override
        public void afterEach(ExtensionContext context) throws IOException {
            try {
                if (cluster != null) cluster.close();
            } finally {
                cluster = null;
                Utils.delete(root.toFile());
            }
        }
    }

    static TestCluster start(Path root, long replicaLagTimeMaxMs) {
        return start(root, replicaLagTimeMaxMs, (id, config) -> config, false);
    }

    /**
     * @param settings changes each node's config (by node id) before the node starts
     * @param quorum   whether the members run the CP Subsystem (then every member starts before the first node:
     *                 a node waits at start until the CP Subsystem has formed)
     */
    static TestCluster start(Path root, long replicaLagTimeMaxMs, BiFunction<Integer, NodeConfig, NodeConfig> settings,
                             boolean quorum) {
        TestCluster cluster = new TestCluster(root, replicaLagTimeMaxMs, settings, quorum);
        try {
            for (int id = 1; id <= MAX_NODES; id++) cluster.hazelcastPorts[id] = freePort();
            if (quorum) for (int id = 1; id <= SIZE; id++) cluster.members[id] = cluster.startMember(id);
            for (int id = 1; id <= SIZE; id++) cluster.startNode(id);
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.memberCount() == SIZE);
            if (quorum) cluster.awaitEveryNodeListsEveryBroker();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    void startNode(int id) {
        HazelcastInstance member = members[id] != null ? members[id] : startMember(id);
        members[id] = null;
        NodeConfig config = settings.apply(id, NodeConfig.defaults(id, "127.0.0.1", 0, root.resolve("node-" + id))
                .with(NodeConfig.DEFAULT_REPLICATION_FACTOR, SIZE)
                .with(NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0)
                .with(NodeConfig.REPLICA_LAG_TIME_MAX_MS, replicaLagTimeMaxMs));
        nodes[id] = TestNode.start(config, member, Clock.systemUTC());
    }

    /** Closes the node and shuts its Hazelcast member down. */
    void stopNode(int id) {
        try {
            if (nodes[id] != null) nodes[id].close();
        } finally {
            nodes[id] = null;
            if (members[id] != null) members[id].shutdown();
            members[id] = null;
        }
    }

    /**
     * Ends the node as a crash would for the cluster: its Hazelcast member is terminated first, so its broker stays
     * registered (dead) and no controlled shutdown reaches the others.
     */
    void killNode(int id) {
        try {
            nodes[id].kill();
        } finally {
            nodes[id] = null;
        }
    }

    HazelcastInstance member(int id) {
        return nodes[id] != null ? nodes[id].member() : members[id];
    }

    PartitaNode node(int id) {
        return nodes[id] == null ? null : nodes[id].node();
    }

    Path dataDir(int id) {
        return root.resolve("node-" + id);
    }

    /**
     * Waits until each node lists all {@link #SIZE} brokers (DescribeCluster, on the plaintext listener the quorum
     * tests use). With a quorum a node learns the others' registrations only at its next poll of the metadata store,
     * which a loaded machine delays: a test that then created a topic of replication factor 3 at once was refused
     * for want of a third live broker.
     */
    private void awaitEveryNodeListsEveryBroker() {
        List<Admin> admins = new ArrayList<>();
        for (int id = 1; id <= SIZE; id++) admins.add(adminOf(id));
        await("every node lists " + SIZE + " brokers").atMost(Duration.ofSeconds(30)).until(() -> {
            for (Admin admin : admins) {
                if (admin.describeCluster().nodes().get().size() != SIZE) return false;
            }
            return true;
        });
    }

    /** How many Hazelcast members the running nodes see. */
    int memberCount() {
        HazelcastInstance any = anyMember();
        return any == null ? 0 : any.getCluster().getMembers().size();
    }

    /** The nodes that consider themselves controller, with their epochs. */
    Map<Integer, Integer> activeControllers() {
        Map<Integer, Integer> active = new HashMap<>();
        for (int id = 1; id <= MAX_NODES; id++) {
            PartitaNode node = node(id);
            if (node != null && node.controller().isActive()) active.put(id, node.controller().epoch());
        }
        return active;
    }

    /** The partition's leader epoch as stored in the cluster metadata. */
    int leaderEpoch(String topic, int partition) {
        String json = (String) anyMember().getMap("partita.metadata").get("topic/" + topic);
        try {
            JsonNode node = JSON.readTree(json);
            return node.get("partitions").get(partition).get("leaderEpoch").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        List<String> addresses = new ArrayList<>();
        for (int id = 1; id <= MAX_NODES; id++) {
            if (nodes[id] != null) addresses.add(nodes[id].bootstrapServers());
        }
        return String.join(",", addresses);
    }

    Admin admin() {
        return register(clients().admin(CLIENT_SETTINGS));
    }

    /** An admin client that talks to node {@code id} only: what that node itself answers. */
    Admin adminOf(int id) {
        return register(nodes[id].clients().admin(CLIENT_SETTINGS));
    }

    KafkaProducer<byte[], byte[]> producer(Map<String, ?> overrides) {
        Map<String, Object> settings = new HashMap<>(CLIENT_SETTINGS);
        settings.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        settings.putAll(overrides);
        return register(clients().producer(settings));
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(Map.of());
    }

    KafkaConsumer<byte[], byte[]> consumer(Map<String, ?> overrides) {
        Map<String, Object> settings = new HashMap<>(CLIENT_SETTINGS);
        settings.putAll(overrides);
        return register(clients().consumer(settings));
    }

    /** Creates a topic with one partition on all three nodes and waits until every replica is in sync. */
    void createTopic(Admin admin, String name, Map<String, String> configs) throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) SIZE).configs(configs))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> partition(admin, name).isr().size() == SIZE);
    }

    static TopicPartitionInfo partition(Admin admin, String topic) throws ExecutionException, InterruptedException {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().get(0);
    }

    /** Reads partition 0 from the start until {@code atLeast} records came, then a little longer for extras; their values as text. */
    static List<String> readValues(KafkaConsumer<byte[], byte[]> consumer, String topic, int atLeast) {
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
        List<String> values = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            return values.size() >= atLeast;
        });
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) values.add(new String(r.value(), StandardCharsets.UTF_8));
        return values;
    }

    /** Clients of the running nodes, set up as the single-node tests' are, with {@link #CLIENT_SETTINGS} on top. */
    private TestClients clients() {
        return TestClients.ofCluster(bootstrapServers());
    }

    private <T extends AutoCloseable> T register(T client) {
        clients.add(client);
        return client;
    }

    private HazelcastInstance anyMember() {
        for (int id = 1; id <= MAX_NODES; id++) if (member(id) != null) return member(id);
        return null;
    }

    private HazelcastInstance startMember(int id) {
        Config config = IsolatedHazelcast.config(clusterName);
        config.getNetworkConfig().setPort(hazelcastPorts[id]).setPortAutoIncrement(false);
        TcpIpConfig tcpIp = config.getNetworkConfig().getJoin().getTcpIpConfig();
        // Every node's port, the scale-out node's too: a node restarting after the first three stopped finds it.
        for (int other = 1; other <= MAX_NODES; other++) tcpIp.addMember("127.0.0.1:" + hazelcastPorts[other]);
        if (quorum) {
            // The launcher's Raft timings (bin/partita): a lost Raft leader is replaced within about two seconds.
            config.getCPSubsystemConfig().setCPMemberCount(SIZE).setGroupSize(SIZE).getRaftAlgorithmConfig()
                    .setLeaderHeartbeatPeriodInMillis(500).setMaxMissedLeaderHeartbeatCount(3)
                    .setLeaderElectionTimeoutInMillis(1000).setCommitIndexAdvanceCountToSnapshot(200);
        }
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * A port free now, below Linux's ephemeral range (32768 on): the members bind their ports only as they start, and
     * a port of that range could meanwhile become the local end of some client's connection.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No free port between 20000 and 32000");
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                // Bounded: a producer or admin client closes after its pending requests, which a dead cluster never answers.
                if (c instanceof KafkaProducer<?, ?> p) p.close(CLIENT_CLOSE);
                else if (c instanceof Admin a) a.close(CLIENT_CLOSE);
                else if (c instanceof KafkaConsumer<?, ?> k) k.close(CLIENT_CLOSE);
                else c.close();
            } catch (Exception ignored) {
                // a client of a stopped cluster may fail to close cleanly; the test is over
            }
        }
        // A member of a CP group that lost its majority would wait in a graceful shutdown: end them outright.
        if (quorum) for (int id = 1; id <= MAX_NODES; id++) if (member(id) != null) member(id).getLifecycleService().terminate();
        for (int id = 1; id <= MAX_NODES; id++) stopNode(id);
    }
}
