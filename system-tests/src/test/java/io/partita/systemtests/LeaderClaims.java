package io.partita.systemtests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks every node for its own view of a topic about once a second (a {@link MetadataProbe} per node, each on a
 * thread of its own) and keeps every answer, so that afterwards it can tell, per partition, when two nodes claimed
 * its leadership at the same time. A node's claim runs from an answer naming itself leader until its next answer (or
 * failed probe), at most {@link #CLAIM_VALIDITY_NANOS} after it: a node the host cannot reach claims nothing we can
 * see. Thread-safe.
 */
final class LeaderClaims implements AutoCloseable {

    private static final long SAMPLE_PERIOD_MS = 1000;
    private static final long CLAIM_VALIDITY_NANOS = TimeUnit.MILLISECONDS.toNanos(2500);

    /** One probe of one node: its view by partition, or null when it did not answer. */
    record Sample(int node, long atNanos, Map<Integer, MetadataProbe.PartitionView> view) {
    }

    /** The longest time two or more nodes claimed one partition together. */
    record DualLeaderSpan(int partition, TreeSet<Integer> nodes, long startNanos, long endNanos) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    private final String topic;
    private final Map<Integer, MetadataProbe> probes;
    private final Map<Integer, List<Sample>> samples = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    LeaderClaims(String topic, Map<Integer, MetadataProbe> probes) {
        this.topic = topic;
        this.probes = probes;
        this.scheduler = Executors.newScheduledThreadPool(probes.size(), r -> {
            Thread t = new Thread(r, "leader-claims");
            t.setDaemon(true);
            return t;
        });
        probes.keySet().forEach(node -> {
            samples.put(node, new CopyOnWriteArrayList<>());
            scheduler.scheduleWithFixedDelay(() -> sample(node), 0, SAMPLE_PERIOD_MS, TimeUnit.MILLISECONDS);
        });
    }

    private void sample(int node) {
        Map<Integer, MetadataProbe.PartitionView> view;
        try {
            view = probes.get(node).describe(topic);
        } catch (IOException | RuntimeException unreachable) {
            view = null;
        }
        samples.get(node).add(new Sample(node, System.nanoTime(), view));
    }

    /** How many answers and failed probes each node gave, and how many answers named no leader for some partition. */
    String summary() {
        StringBuilder out = new StringBuilder();
        samples.forEach((node, list) -> {
            long answered = list.stream().filter(s -> s.view() != null).count();
            long leaderless = list.stream().filter(s -> s.view() != null)
                    .filter(s -> s.view().isEmpty() || s.view().values().stream().anyMatch(p -> p.leader() < 0)).count();
            out.append(String.format("node %d: %d answers, %d unanswered, %d answers naming no leader (-1) for some partition; ",
                    node, answered, list.size() - answered, leaderless));
        });
        return out.toString();
    }

    /**
     * What each node said between {@code fromNanos} and {@code toNanos}: every change of its answer (leader per
     * partition, e.g. {@code 0:2 1:3 ...}, or {@code unreachable}), with its time relative to {@code originNanos}.
     * At most {@code maxChanges} changes per node are listed.
     */
    String changes(long fromNanos, long toNanos, long originNanos, int maxChanges) {
        StringBuilder out = new StringBuilder();
        samples.forEach((node, list) -> {
            out.append("    node ").append(node).append(':');
            String last = null;
            int listed = 0;
            for (Sample s : list) {
                if (s.atNanos() < fromNanos || s.atNanos() > toNanos) continue;
                String said = s.view() == null ? "unreachable" : s.view().isEmpty() ? "no partitions"
                        : s.view().values().stream().sorted(Comparator.comparingInt(MetadataProbe.PartitionView::partition))
                        .map(v -> v.partition() + ":" + v.leader()).reduce((a, b) -> a + " " + b).orElse("");
                if (said.equals(last)) continue;
                last = said;
                if (listed++ == maxChanges) {
                    out.append(" ...");
                    break;
                }
                out.append(String.format(" [%.1fs %s]", (s.atNanos() - originNanos) / 1e9, said));
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** The longest span, over every partition, during which two or more nodes claimed its leadership. */
    DualLeaderSpan longestDualLeadership(int partitions) {
        return dualLeaderships(partitions).stream().max(Comparator.comparingDouble(DualLeaderSpan::seconds)).orElse(null);
    }

    /** Every span, over every partition, during which two or more nodes claimed its leadership, in time order. */
    List<DualLeaderSpan> dualLeaderships(int partitions) {
        List<DualLeaderSpan> spans = new ArrayList<>();
        for (int p = 0; p < partitions; p++) spans.addAll(spansFor(p));
        spans.sort(Comparator.comparingLong(DualLeaderSpan::startNanos));
        return spans;
    }

    private List<DualLeaderSpan> spansFor(int partition) {
        record Event(long at, int node, boolean start) {
        }
        List<Event> events = new ArrayList<>();
        samples.forEach((node, list) -> {
            for (int i = 0; i < list.size(); i++) {
                Sample s = list.get(i);
                if (s.view() == null) continue;
                MetadataProbe.PartitionView view = s.view().get(partition);
                if (view == null || view.leader() != node) continue;
                long end = s.atNanos() + CLAIM_VALIDITY_NANOS;
                if (i + 1 < list.size()) end = Math.min(end, list.get(i + 1).atNanos());
                events.add(new Event(s.atNanos(), node, true));
                events.add(new Event(end, node, false));
            }
        });
        // Starts before ends at the same instant: a node's back-to-back claims (one answer ending where the next
        // begins) keep it claiming throughout, instead of dropping it for an instant and splitting the span.
        events.sort(Comparator.comparingLong(Event::at).thenComparing(Event::start, Comparator.reverseOrder()));
        Map<Integer, Integer> active = new ConcurrentHashMap<>();
        TreeSet<Integer> spanNodes = new TreeSet<>();
        long spanStart = -1;
        List<DualLeaderSpan> spans = new ArrayList<>();
        for (Event e : events) {
            active.merge(e.node(), e.start() ? 1 : -1, Integer::sum);
            active.values().removeIf(count -> count <= 0);
            if (active.size() >= 2) {
                if (spanStart < 0) spanStart = e.at();
                spanNodes.addAll(active.keySet());
            } else if (spanStart >= 0) {
                spans.add(new DualLeaderSpan(partition, new TreeSet<>(spanNodes), spanStart, e.at()));
                spanStart = -1;
                spanNodes.clear();
            }
        }
        return spans;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
