package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.ra.api.NodeInfo;
import io.partita.ra.api.PartitaConnection;
import jakarta.resource.ResourceException;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The handle an application holds: forwards to the node of its managed connection, with the adapter's class
 * loader as context loader. Invalid once closed or once the container cleans its managed connection up.
 * Confined to one application thread at a time.
 */
final class PartitaConnectionImpl implements PartitaConnection {

    private volatile PartitaManagedConnection managed;

    PartitaConnectionImpl(PartitaManagedConnection managed) {
        this.managed = managed;
    }

    @Override
    public NodeInfo nodeInfo() throws ResourceException {
        PartitaNode node = node();
        InetSocketAddress listener = node.kafkaAddress();
        return new NodeInfo(node.config().nodeId(), node.config().advertisedHost() + ":" + listener.getPort(),
                node.isReady());
    }

    @Override
    public Duration retentionCheckInterval() throws ResourceException {
        return Duration.ofMillis(node().config().retentionCheckIntervalMs());
    }

    @Override
    public int enforceRetention() throws ResourceException {
        PartitaNode node = node();
        return AdapterClassLoader.call(() -> node.maintenance().enforceRetention());
    }

    @Override
    public void flushDirtyLogs() throws ResourceException {
        PartitaNode node = node();
        AdapterClassLoader.call(() -> {
            node.maintenance().flushDirtyLogs();
            return null;
        });
    }

    @Override
    public Duration replicationCheckInterval() throws ResourceException {
        return Duration.ofMillis(Math.max(1, node().config().replicaLagTimeMaxMs() / 2));
    }

    @Override
    public void maintainReplication() throws ResourceException {
        PartitaNode node = node();
        AdapterClassLoader.call(() -> {
            node.maintenance().maintainReplication();
            return null;
        });
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
        PartitaManagedConnection current = managed;
        if (current == null) throw new ResourceException("This Partita connection is closed");
        return current.node();
    }
}
