package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.engine.metrics.TrafficTotals;
import io.partita.engine.metrics.history.HistoryView;
import io.partita.ra.api.NodeInfo;
import io.partita.ra.api.MetricsSeries;
import io.partita.ra.api.NodeStats;
import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.RecordContext;
import io.partita.ra.host.NodeIdentity;
import io.partita.ra.reply.ReplyAddress;
import io.partita.ra.trace.RecordTraces;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Headers;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The handle an application holds: sends (typed ones serialized by the factory's {@link RecordSerializers}, each
 * stamped with trace context by {@link RecordTraces}) through its managed connection (in the JTA transaction's Kafka
 * transaction or through the factory's shared producer), sends requests through the node's reply channel and
 * replies to the {@link ReplyAddress} of a request, and forwards node calls to the node of its managed connection,
 * with the adapter's class loader as context loader. Partita's own modules also read the node's
 * {@link NodeIdentity} through it. Invalid once closed or once the container cleans its managed connection up.
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
            return connection.send(RecordTraces.stamped(record), callback);
        } catch (KafkaException | IllegalStateException e) {
            throw new ResourceException("Record for " + record.topic() + " refused: " + e.getMessage(), e);
        }
    }

    @Override
    public Future<RecordMetadata> send(String topic, Object key, Object value) throws ResourceException {
        return send(managed().serializers().record(topic, key, value), null);
    }

    @Override
    public ConsumerRecord<byte[], byte[]> request(ProducerRecord<byte[], byte[]> record, Duration timeout)
            throws ResourceException {
        PartitaManagedConnection connection = managed();
        if (connection.isInTransaction()) {
            throw new ResourceException("A request to " + record.topic() + " cannot be sent in the connection's JTA "
                    + "transaction: it would become visible only when the transaction commits, after the wait for its "
                    + "reply. Request outside the transaction, or through a NoTransaction connection factory");
        }
        return connection.replies().request(record, timeout, this::send);
    }

    @Override
    public <R> R request(String topic, Object key, Object value, Class<R> replyType, Duration timeout)
            throws ResourceException {
        PartitaManagedConnection connection = managed();
        ConsumerRecord<byte[], byte[]> reply = request(connection.serializers().record(topic, key, value), timeout);
        return connection.replyReaders().read(reply, replyType);
    }

    @Override
    public Future<RecordMetadata> reply(ConsumerRecord<?, ?> request, Object value) throws ResourceException {
        return reply(request.headers(), request.topic() + "-" + request.partition() + "@" + request.offset(), value);
    }

    @Override
    public Future<RecordMetadata> reply(RecordContext<?> request, Object value) throws ResourceException {
        return reply(request.headers(), request.topic() + "-" + request.partition() + "@" + request.offset(), value);
    }

    private Future<RecordMetadata> reply(Headers requestHeaders, String request, Object value)
            throws ResourceException {
        ReplyAddress address = ReplyAddress.of(requestHeaders, request);
        ProducerRecord<byte[], byte[]> serialized = managed().serializers().record(address.topic(), null, value);
        return send(address.reply(serialized.value(), serialized.headers()), null);
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
                .map(api -> new NodeStats.ApiRequests(api.api(), api.count(), api.totalNanos())).toList(),
                node.executorWaits().entrySet().stream().map(e -> new NodeStats.ExecutorWaits(e.getKey(),
                        e.getValue().count(), e.getValue().quantileMicros(0.5), e.getValue().quantileMicros(0.99),
                        e.getValue().maxMicros())).toList());
    }

    @Override
    public MetricsSeries nodeHistory(long afterMs) throws ResourceException {
        return series(node().metricsHistory().node(afterMs));
    }

    @Override
    public MetricsSeries topicHistory(String topic, long afterMs) throws ResourceException {
        return series(node().metricsHistory().topic(topic, afterMs));
    }

    @Override
    public MetricsSeries groupHistory(String groupId, long afterMs) throws ResourceException {
        return series(node().metricsHistory().group(groupId, afterMs));
    }

    private static MetricsSeries series(HistoryView view) {
        Map<String, List<MetricsSeries.Point>> series = new HashMap<>();
        view.series().forEach((name, samples) -> series.put(name, samples.stream()
                .map(sample -> new MetricsSeries.Point(sample.timeMs(), sample.value())).toList()));
        return new MetricsSeries(view.intervalMs(), Map.copyOf(series), view.leftOut());
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
