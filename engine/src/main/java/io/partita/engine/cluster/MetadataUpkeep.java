package io.partita.engine.cluster;

import io.partita.engine.logging.RepeatedFailureLog;

/**
 * The node's side of keeping the cluster metadata true, two jobs of the node's schedule on the metadata thread:
 * {@link #heartbeat()} (every {@code broker.heartbeat.interval.ms}) renews this broker's lease, reconciles what the
 * node runs with the whole metadata as the store holds it (level-triggered: a missed or reordered change is repaired
 * here, listeners are only the fast path), keeps the store's quorum whole and has the controller check its role;
 * {@link #poll()} (every {@value #POLL_INTERVAL_MS} ms) polls a store that cannot push changes.
 *
 * <p>A store that does not answer (a node cut off from the quorum) is logged once per interval with a count. Not
 * thread-safe: both run on the one metadata thread.
 */
public final class MetadataUpkeep {

    private static final System.Logger LOG = System.getLogger(MetadataUpkeep.class.getName());
    /** How often {@link #poll()} runs: the delay before a change written by another node is seen here. */
    public static final long POLL_INTERVAL_MS = 100;
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

    /** Renews the lease, reconciles with the whole metadata, keeps the quorum whole, has the controller check. */
    public void heartbeat() {
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

    /** Reads what changed in a store that cannot push its changes. */
    public void poll() {
        try {
            store.poll();
            pollFailures.succeeded();
        } catch (RuntimeException e) {
            pollFailures.failed(e);
        }
    }
}
