package io.partita.engine.cluster;

import io.partita.engine.logging.RepeatedFailureLog;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's side of keeping the cluster metadata true, run on the metadata thread: every
 * {@code broker.heartbeat.interval.ms} it renews this broker's lease, reconciles what the node runs with the whole
 * metadata as the store holds it (level-triggered: a missed or reordered change is repaired here, listeners are only
 * the fast path), keeps the store's quorum whole and has the controller check its role; in between it polls a
 * store that cannot push changes.
 *
 * <p>These are deadlines of the cluster protocol, not sweeps, so the engine runs them itself in every host. A
 * store that does not answer (a node cut off from the quorum) is logged once per interval with a count. Not
 * thread-safe: everything runs on the one loop.
 */
public final class MetadataUpkeep {

    private static final System.Logger LOG = System.getLogger(MetadataUpkeep.class.getName());
    private static final long POLL_INTERVAL_MS = 100;
    private static final long REPORT_INTERVAL_MS = 30_000;

    private final ClusterMetadata cluster;
    private final MetadataStore store;
    private final Controller controller;
    private final RepeatedFailureLog leaseFailures;
    private final RepeatedFailureLog pollFailures = new RepeatedFailureLog(LOG, "Reading the cluster metadata", REPORT_INTERVAL_MS);
    private final RepeatedFailureLog quorumFailures = new RepeatedFailureLog(LOG, "Keeping the metadata quorum whole", REPORT_INTERVAL_MS);

    public MetadataUpkeep(int nodeId, ClusterMetadata cluster, MetadataStore store, Controller controller) {
        this.cluster = cluster;
        this.store = store;
        this.controller = controller;
        this.leaseFailures = new RepeatedFailureLog(LOG, "Renewing the lease of broker " + nodeId, REPORT_INTERVAL_MS);
    }

    /** Schedules the upkeep on {@code loop}, the node's metadata thread. */
    public void start(ScheduledExecutorService loop, long heartbeatIntervalMs) {
        loop.scheduleWithFixedDelay(this::beat, heartbeatIntervalMs, heartbeatIntervalMs, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::poll, POLL_INTERVAL_MS, POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            cluster.heartbeat();
            cluster.reconcile();
            leaseFailures.succeeded();
        } catch (RuntimeException e) {
            leaseFailures.failed(e);
        }
        try {
            store.maintainQuorum();
            quorumFailures.succeeded();
        } catch (RuntimeException e) {
            quorumFailures.failed(e);
        }
        controller.requestCheck();
    }

    private void poll() {
        try {
            store.poll();
            pollFailures.succeeded();
        } catch (RuntimeException e) {
            pollFailures.failed(e);
        }
    }
}
