package io.partita.engine.txn;

import io.partita.engine.cluster.ClusterMetadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Hands out producer ids that are unique in the cluster: it reserves blocks of ids in the cluster metadata and
 * serves them one by one, so most requests touch no shared state. The next block is reserved ahead, on the
 * metadata thread, once a tenth of the current one is left (Kafka's brokers prefetch theirs too): a reservation is
 * a round trip to the metadata quorum, which the coordinator thread that asks for ids must not wait on. Only a
 * coordinator that uses up a whole block before the next arrives waits for it. Thread-safe.
 */
public final class ProducerIdManager {

    private final ClusterMetadata cluster;
    private final Executor metadataThread;
    private final long prefetchAt = ClusterMetadata.producerIdBlockSize() / 10;
    private long next;
    private long blockEnd;
    private CompletableFuture<Long> nextBlock;

    /** @param metadataThread where blocks are reserved ahead */
    public ProducerIdManager(ClusterMetadata cluster, Executor metadataThread) {
        this.cluster = cluster;
        this.metadataThread = metadataThread;
    }

    /**
     * @throws io.partita.engine.cluster.MetadataUnavailableException when no block could be reserved (the
     *         quorum is out of reach)
     */
    public synchronized long nextProducerId() {
        if (next == blockEnd) {
            CompletableFuture<Long> block = nextBlock != null ? nextBlock : CompletableFuture.completedFuture(cluster.reserveProducerIds());
            nextBlock = null;
            next = block.join();
            blockEnd = next + ClusterMetadata.producerIdBlockSize();
        }
        if (blockEnd - next == prefetchAt && nextBlock == null) {
            nextBlock = CompletableFuture.supplyAsync(cluster::reserveProducerIds, metadataThread);
        }
        return next++;
    }
}
