package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.engine.metrics.TrafficTotals;
import io.partita.ra.api.NodeInfo;
import io.partita.ra.api.NodeStats;
import io.partita.ra.api.PartitaConnection;
import io.partita.ra.host.NodeIdentity;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The handle an application holds: sends (typed ones serialized by the factory's {@link RecordSerializers}) through
 * its managed connection (in the JTA transaction's Kafka transaction
 * or through the factory's shared producer) and forwards node calls to the node of its managed connection, with the
 * adapter's class loader as context loader. Partita's own modules also read the node's {@link NodeIdentity} through
 * it. Invalid once closed or once the container cleans its managed connection up.
 * Confined to one application thread at a time.
 */
final class PartitaConnectionImpl implements PartitaConnection, NodeIdentity {

    private volatile PartitaManagedConnection managed;

    PartitaConnectionImpl(PartitaManagedConnection managed) {
        this.managed = managed;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) throws ResourceException {
        return send(record, null);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback)
            throws ResourceException {
        PartitaManagedConnection connection = managed();
        try {
            return connection.send(record, callback);
        } catch (KafkaException | IllegalStateException e) {
            throw new ResourceException("Record for " + record.topic() + " refused: " + e.getMessage(), e);
        }
    }

    @Override
    public Future<RecordMetadata> send(String topic, Object key, Object value) throws ResourceException {
        return send(managed().serializers().record(topic, key, value), null);
    }

    @Override
    public void flush() throws ResourceException {
        PartitaManagedConnection connection = managed();
        try {
            connection.flush();
        } catch (KafkaException | IllegalStateException e) {
            throw new ResourceException("Flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) throws ResourceException {
        SharedProducer producer = producer();
        try {
            return producer.get().partitionsFor(topic);
        } catch (KafkaException | IllegalStateException e) {
            throw new ResourceException("No partitions of " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public NodeInfo nodeInfo() throws ResourceException {
        PartitaNode node = node();
        return new NodeInfo(node.config().nodeId(), node.advertisedAddress(), node.isReady());
    }

    @Override
    public Map<String, Object> clientConfigs() throws ResourceException {
        return node().ownClientConfigs();
    }

    @Override
    public NodeStats nodeStats() throws ResourceException {
        PartitaNode node = node();
        TrafficTotals traffic = node.traffic();
        return new NodeStats(traffic.producedRecords(), traffic.bytesIn(), traffic.bytesOut(),
                traffic.replicationBytesOut(), node.underReplicatedPartitions(), traffic.requests().stream()
                .map(api -> new NodeStats.ApiRequests(api.api(), api.count(), api.totalNanos())).toList());
    }

    @Override
    public void close() {
        PartitaManagedConnection current = managed;
        managed = null;
        if (current != null) current.closed(this);
    }

    void associate(PartitaManagedConnection newManaged) {
        managed = newManaged;
    }

    void invalidate() {
        managed = null;
    }

    private PartitaNode node() throws ResourceException {
        return managed().node();
    }

    private SharedProducer producer() throws ResourceException {
        return managed().producer();
    }

    private PartitaManagedConnection managed() throws ResourceException {
        PartitaManagedConnection current = managed;
        if (current == null) throw new ResourceException("This Partita connection is closed");
        return current;
    }
}
