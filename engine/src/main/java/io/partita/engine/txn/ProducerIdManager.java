package io.partita.engine.txn;

import io.partita.engine.cluster.ClusterMetadata;

/**
 * Hands out producer ids that are unique in the cluster: it reserves blocks of ids in the cluster metadata and
 * serves them one by one, so most requests touch no shared state. Thread-safe.
 */
public final class ProducerIdManager {

    private final ClusterMetadata cluster;
    private long next;
    private long blockEnd;

    public ProducerIdManager(ClusterMetadata cluster) {
        this.cluster = cluster;
    }

    public synchronized long nextProducerId() {
        if (next == blockEnd) {
            next = cluster.reserveProducerIds();
            blockEnd = next + ClusterMetadata.producerIdBlockSize();
        }
        return next++;
    }
}
