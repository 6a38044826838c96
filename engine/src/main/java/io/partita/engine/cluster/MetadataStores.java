package io.partita.engine.cluster;

import com.hazelcast.core.HazelcastInstance;

import java.util.concurrent.TimeUnit;

/**
 * Chooses where a node keeps the cluster metadata: the CP Subsystem when Hazelcast is configured with CP members
 * (three or more: a quorum that survives the loss of one), else a Hazelcast map (one or two nodes, not
 * partition-safe), and says which at start.
 */
public final class MetadataStores {

    private static final System.Logger LOG = System.getLogger(MetadataStores.class.getName());
    /** How long a node waits at start for the quorum (the CP Subsystem forms once its members have all joined). */
    static final long QUORUM_WAIT_MS = TimeUnit.MINUTES.toMillis(10);
    private static final long WAIT_REPORT_MS = 15_000;
    private static final long RETRY_MS = 500;

    private MetadataStores() {
    }

    /** @param deadlineMs how long one call of a quorum store waits for an answer */
    public static MetadataStore open(HazelcastInstance hazelcast, long deadlineMs) {
        int cpMembers = hazelcast.getConfig().getCPSubsystemConfig().getCPMemberCount();
        if (cpMembers >= 3) {
            LOG.log(System.Logger.Level.INFO, "Cluster metadata in Hazelcast''s CP Subsystem ({0} CP members, Raft): "
                    + "the minority side of a network split cannot change it", cpMembers);
            return new QuorumMetadataStore(hazelcast, deadlineMs);
        }
        LOG.log(System.Logger.Level.WARNING, "Cluster metadata in a Hazelcast map (AP): a network split lets both sides "
                + "change it. A cluster of three or more nodes keeps it in the CP Subsystem (bin/partita does so with "
                + "three or more --members)");
        return new MapMetadataStore(hazelcast);
    }

    /**
     * Waits until {@code store} answers (a quorum store's first call waits for the CP Subsystem to form), at most
     * {@value #QUORUM_WAIT_MS} ms; returns it.
     *
     * @throws MetadataUnavailableException when it still does not answer then
     */
    public static MetadataStore awaitAvailable(MetadataStore store) {
        long start = System.nanoTime();
        long lastReport = start;
        while (true) {
            try {
                store.refresh();
                return store;
            } catch (MetadataUnavailableException e) {
                long now = System.nanoTime();
                if (now - start > TimeUnit.MILLISECONDS.toNanos(QUORUM_WAIT_MS)) throw e;
                if (now - lastReport > TimeUnit.MILLISECONDS.toNanos(WAIT_REPORT_MS)) {
                    LOG.log(System.Logger.Level.INFO, "Waiting for the metadata quorum: {0}", e.getMessage());
                    lastReport = now;
                }
                sleep(RETRY_MS);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataUnavailableException("Interrupted while waiting for the metadata quorum", e);
        }
    }
}
