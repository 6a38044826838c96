package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow follower (issue 13): three Payara Micro nodes, a topic of replication factor 3 with min.insync.replicas=2
 * whose partitions are all led by two of the nodes (reordered replicas and a preferred election), and an idempotent
 * acks=all stream. The third node, a follower only and not the controller, is stopped with SIGSTOP for
 * {@value #STOP_SECONDS} s, longer than {@code replica.lag.time.max.ms} ({@value #LAG_MS} ms) and than its broker
 * session ({@code broker.session.timeout.ms}, 9 s), then let go on with SIGCONT; then each of the two leaders in turn,
 * for {@value #LEADER_STOP_SECONDS} s, so that every node has been stopped once, whichever leads Hazelcast's CP groups.
 *
 * <p>Checked for the follower: the leaders drop it from every ISR within {@value #MAX_SHRINK_SECONDS} s of the stop;
 * acknowledgements go on meanwhile with two replicas in sync, no partition going more than
 * {@value #MAX_STALL_SECONDS} s without one; the leaders stay where they were. For each leader: within
 * {@value #MAX_LEADER_MOVE_SECONDS} s it leads nothing and is in no ISR, and no partition it did not lead goes more
 * than {@value #MAX_STALL_SECONDS} s without an acknowledgement (those it led are printed). After each SIGCONT the node is back in every ISR
 * within {@value #MAX_REJOIN_SECONDS} s and every partition is acknowledged again; read back at the end, every
 * acknowledged record is at its offset. The figures go to stdout.
 */
class SlowFollowerIT {

    private static final String TOPIC = "slow.follower";
    private static final int PARTITIONS = 6;
    private static final int NODES = 3;
    private static final int LAG_MS = 5_000;
    private static final int STOP_SECONDS = 30;
    /** The lag bound, plus the leaders' ISR check every half of it, plus the ISR write and a loaded machine. */
    private static final int MAX_SHRINK_SECONDS = 15;
    private static final int MAX_STALL_SECONDS = 15;
    private static final int MAX_REJOIN_SECONDS = 60;
    /** Each leader's stop: longer than its partitions' move may take, so that a move that hangs fails the test. */
    private static final int LEADER_STOP_SECONDS = 25;
    /** A leader's lease (9 s), the controller's election, and producers finding the new leader. */
    private static final int MAX_LEADER_MOVE_SECONDS = 20;
    private static final int RECORDS_PER_SECOND = 200;
    private static final long STARTED = System.nanoTime();

    private final Map<Integer, MetadataProbe> probes = new HashMap<>();
    private PartitaCluster cluster;
    private SequenceProducer producer;
    private PartitaNodeProcess paused;

    @AfterEach
    void cleanUp() {
        if (paused != null) paused.resume();
        if (producer != null) producer.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void aStoppedFollowerLeavesTheIsrAcksAllGoesOnAndItRejoinsAfterSigcont() throws Exception {
        cluster = PartitaCluster.start(NODES, Map.of("PARTITA_REPLICA_LAG_TIME_MAX_MS", Integer.toString(LAG_MS)));
        for (int id = 1; id <= NODES; id++) {
            String[] hostPort = cluster.node(id).bootstrapServer().split(":");
            probes.put(id, new MetadataProbe(hostPort[0], Integer.parseInt(hostPort[1])));
        }
        int follower;
        List<Integer> leaders;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Node controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS);
            follower = controller.id() % NODES + 1;
            leaders = IntStream.rangeClosed(1, NODES).filter(id -> id != follower).boxed().toList();
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) NODES).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(60, TimeUnit.SECONDS);
            awaitOrFail("every replica in sync", System.nanoTime(), Duration.ofSeconds(90), partition -> partition.isr().size() == NODES);
            leadOnlyBy(admin, leaders, follower);
            log("controller node %d; follower node %d; partitions led by nodes %s: %s", controller.id(), follower,
                    leaders, isrs());
        }

        producer = new SequenceProducer(cluster.bootstrapServers(), TOPIC, PARTITIONS, RECORDS_PER_SECOND);
        long warmUp = System.nanoTime();
        assertThat(Deadlines.awaitUntil(warmUp, Duration.ofSeconds(60), () -> producer.ackedOnEveryPartitionSince(warmUp)))
                .as("acknowledgements on every partition before the stop").isTrue();

        Stop followerStop = pauseAndResume(follower, STOP_SECONDS, MAX_SHRINK_SECONDS);
        Map<Integer, Integer> leadersAfterFollowerStop = leadersNow();
        // Then each leader in turn: its partitions move after its lease expires, and whichever node leads Hazelcast's
        // internal CP groups is stopped once (before the fix in QuorumMetadataStore that stalled every node's lease).
        List<Stop> leaderStops = new ArrayList<>();
        for (int leader : leaders) leaderStops.add(pauseAndResume(leader, LEADER_STOP_SECONDS, MAX_LEADER_MOVE_SECONDS));

        producer.stop(Duration.ofSeconds(30));
        List<SequenceProducer.Ack> acks = producer.acks();
        log("producer: %d sent, %d acknowledged, %d failed %s", producer.sent(), acks.size(), producer.failed(), producer.failures());
        List<String> readBack = ReadBack.check(cluster.bootstrapServers(), TOPIC, PARTITIONS, acks, line -> log("%s", line));

        assertThat(followerStop.longestStallNanos()).as("longest stretch without an ack while the follower was stopped, ns")
                .isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(MAX_STALL_SECONDS));
        assertThat(followerStop.acks()).as("acks while the follower was stopped").isPositive();
        assertThat(leadersAfterFollowerStop).as("leaders after the follower's rejoin, by partition").hasSize(PARTITIONS)
                .allSatisfy((partition, leader) -> assertThat(leaders).contains(leader));
        for (Stop stop : leaderStops) {
            assertThat(stop.longestStallNanos()).as("longest stretch without an ack, among the partitions node %d did not"
                    + " lead, while it was stopped, ns", stop.node()).isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(MAX_STALL_SECONDS));
        }
        assertThat(producer.failed()).as("failed sends").isZero();
        assertThat(readBack).as("read-back problems").isEmpty();
    }

    /**
     * What one stop showed: the acks during it and the longest stretch without one on the partitions the node did not
     * lead (those it led wait for their new leader, and for the clients to give up on the stopped one).
     */
    private record Stop(int node, long acks, long longestStallNanos) {
    }

    /**
     * Stops {@code node} with SIGSTOP for {@code seconds}: it must be out of every ISR (and lead nothing) within
     * {@code shrinkBound} seconds; after SIGCONT back in every ISR within {@value #MAX_REJOIN_SECONDS} s, and then
     * every partition acknowledged again.
     */
    private Stop pauseAndResume(int node, int seconds, int shrinkBound) throws InterruptedException {
        long acksBefore = producer.acknowledged();
        Map<Integer, Integer> leadersBefore = leadersNow();
        paused = cluster.node(node);
        long stopped = System.nanoTime();
        paused.pause();
        log("SIGSTOP node %d for %d s", node, seconds);
        long shrunk = awaitOrFail("node " + node + " out of every ISR", stopped, Duration.ofSeconds(shrinkBound),
                partition -> !partition.isr().contains(node) && partition.isr().size() == NODES - 1);
        log("every ISR without node %d %.1f s after the stop: %s", node, seconds(shrunk - stopped), isrs());
        TimeUnit.NANOSECONDS.sleep(stopped + TimeUnit.SECONDS.toNanos(seconds) - System.nanoTime()); // the fault's length
        long resumed = System.nanoTime();
        long[] gaps = producer.longestAckGapsNanos(stopped, resumed);
        Stop stop = new Stop(node, producer.acknowledged() - acksBefore, IntStream.range(0, PARTITIONS)
                .filter(p -> !Objects.equals(leadersBefore.get(p), node)).mapToLong(p -> gaps[p]).max().orElse(0));
        paused.resume();
        paused = null;
        log("SIGCONT node %d after %.1f s; %d acks during the stop; longest stretch without an ack: %s (it led %s)", node,
                seconds(resumed - stopped), stop.acks(), producer.longestAckGaps(stopped, resumed),
                leadersBefore.entrySet().stream().filter(e -> e.getValue() == node).map(e -> "p" + e.getKey()).toList());
        long rejoined = awaitOrFail("node " + node + " back in every ISR", resumed, Duration.ofSeconds(MAX_REJOIN_SECONDS),
                partition -> partition.isr().size() == NODES);
        log("node %d back in every ISR %.1f s after SIGCONT: %s", node, seconds(rejoined - resumed), isrs());
        assertThat(Deadlines.awaitUntil(rejoined, Duration.ofSeconds(30), () -> producer.ackedOnEveryPartitionSince(rejoined)))
                .as("acknowledgements on every partition after node %d's rejoin", node).isTrue();
        return stop;
    }

    /**
     * Reorders every partition's replicas so that {@code follower} comes last and {@code leaders} take turns first (a
     * reassignment to the same replicas completes at once), then elects the preferred leaders: the follower leads
     * nothing. (CreateTopics with replicas given by hand is not served yet.)
     */
    private void leadOnlyBy(Admin admin, List<Integer> leaders, int follower) throws Exception {
        Map<TopicPartition, Optional<NewPartitionReassignment>> order = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            order.put(new TopicPartition(TOPIC, p), Optional.of(new NewPartitionReassignment(
                    List.of(leaders.get(p % 2), leaders.get((p + 1) % 2), follower))));
        }
        admin.alterPartitionReassignments(order).all().get(30, TimeUnit.SECONDS);
        await("the reordering reassignments done").atMost(Duration.ofSeconds(60))
                .until(() -> admin.listPartitionReassignments().reassignments().get().isEmpty());
        try {
            admin.electLeaders(ElectionType.PREFERRED, order.keySet()).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ElectionNotNeededException)) throw e;
        }
        awaitOrFail("partitions led by nodes " + leaders + " only", System.nanoTime(), Duration.ofSeconds(60),
                partition -> leaders.contains(partition.leader()) && partition.isr().size() == NODES);
    }

    /** Polls the leaders' own Metadata answers until {@code condition} holds for every partition; returns when it did. */
    private long awaitOrFail(String what, long since, Duration limit, Predicate<MetadataProbe.PartitionView> condition) {
        boolean held = Deadlines.awaitUntil(since, limit, () -> everyPartition(condition));
        assertThat(held).as("%s within %d s; now %s", what, limit.toSeconds(), isrs()).isTrue();
        return System.nanoTime();
    }

    private boolean everyPartition(Predicate<MetadataProbe.PartitionView> condition) {
        Map<Integer, MetadataProbe.PartitionView> view = view();
        return view.size() == PARTITIONS && view.values().stream().allMatch(condition);
    }

    /** Each partition as its leader describes it (partitions whose leader does not answer are missing). */
    private Map<Integer, MetadataProbe.PartitionView> view() {
        Map<Integer, MetadataProbe.PartitionView> byPartition = new HashMap<>();
        for (Map.Entry<Integer, MetadataProbe> probe : probes.entrySet()) {
            if (paused != null && paused.nodeId() == probe.getKey()) continue;
            try {
                probe.getValue().describe(TOPIC).values().stream()
                        .filter(p -> p.leader() == probe.getKey())
                        .forEach(p -> byPartition.put(p.partition(), p));
            } catch (IOException unreachable) {
                // its partitions stay missing
            }
        }
        return byPartition;
    }

    private Map<Integer, Integer> leadersNow() {
        Map<Integer, Integer> leaders = new HashMap<>();
        view().forEach((p, view) -> leaders.put(p, view.leader()));
        return leaders;
    }

    private String isrs() {
        List<String> shown = new ArrayList<>();
        view().values().forEach(p -> shown.add("p" + p.partition() + " leader " + p.leader() + " isr " + p.isr()));
        return String.join(", ", shown);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[SlowFollowerIT %6.1fs] %s%n", seconds(System.nanoTime() - STARTED), String.format(format, args));
        System.out.flush();
    }
}
