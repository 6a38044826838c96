package io.partita.ra.host;

import io.partita.engine.share.SharePartitionView;
import jakarta.resource.ResourceException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Where share groups stand in their partitions, for Partita's admin API and console: what the node knows beyond
 * Kafka's admin APIs (the records in flight by state). Looked up as an administered object of the resource adapter.
 * For Partita's own modules: it is not in the {@code api} jar. Thread-safe.
 */
public interface NodeShareGroups {

    /**
     * The share group's view of every partition of {@code topics} the cluster has, by topic and partition: from the
     * node's memory where it leads the partition and holds it, else from the durable state at the share coordinator.
     *
     * @param wait how long to wait for the share coordinators
     * @throws ResourceException when the node of this server is not running
     * @throws org.apache.kafka.common.errors.ApiException a share coordinator's error, or a
     *                                                     {@link org.apache.kafka.common.errors.TimeoutException}
     *                                                     when they did not answer within {@code wait}
     */
    List<SharePartitionView> partitions(String groupId, Collection<String> topics, Duration wait) throws ResourceException;
}
