package io.partita.ra.inbound;

import io.partita.ra.host.ActivationStatus;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The health and counts of one activation: the {@link ConsumerProgress} of each of its consumers, summed. The
 * activation is ready while none of its consumers is stuck ({@code maxStallMs}).
 *
 * <p>Thread-safe.
 */
public final class ActivationMonitor {

    private final String name;
    private final String bean;
    private final String groupId;
    private final long maxStallNanos;
    private final LongSupplier nanoTime;
    private final List<ConsumerProgress> consumers = new CopyOnWriteArrayList<>();

    /**
     * @param maxStallMs how long records may wait without a consumer progressing before the activation is not ready
     * @param nanoTime   a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    ActivationMonitor(String name, String bean, String groupId, long maxStallMs, LongSupplier nanoTime) {
        this.name = name;
        this.bean = bean;
        this.groupId = groupId;
        this.maxStallNanos = TimeUnit.MILLISECONDS.toNanos(maxStallMs);
        this.nanoTime = nanoTime;
    }

    /** The progress of a new consumer of the activation, named {@code consumerName} in reasons. */
    ConsumerProgress consumer(String consumerName) {
        ConsumerProgress progress = new ConsumerProgress(consumerName, nanoTime);
        consumers.add(progress);
        return progress;
    }

    /** The activation's readiness and counts now. */
    public ActivationStatus status() {
        List<ConsumerProgress.Snapshot> snapshots = consumers.stream().map(c -> c.snapshot(maxStallNanos)).toList();
        String reasons = snapshots.stream().map(ConsumerProgress.Snapshot::stuck).filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
        return new ActivationStatus(name, bean, groupId, reasons.isEmpty(), reasons.isEmpty() ? null : reasons,
                sum(snapshots, ConsumerProgress.Snapshot::delivered), sum(snapshots, ConsumerProgress.Snapshot::failed),
                sum(snapshots, ConsumerProgress.Snapshot::retried), sum(snapshots, ConsumerProgress.Snapshot::deadLettered),
                sum(snapshots, ConsumerProgress.Snapshot::calls), sum(snapshots, ConsumerProgress.Snapshot::callNanos),
                sum(snapshots, ConsumerProgress.Snapshot::lag));
    }

    private static long sum(List<ConsumerProgress.Snapshot> snapshots,
                            ToLongFunction<ConsumerProgress.Snapshot> count) {
        return snapshots.stream().mapToLong(count).sum();
    }
}
