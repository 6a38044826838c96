package io.partita.ra;

import io.partita.engine.PartitaNode;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pooled connection to the node. It holds no resource of its own (the node is in-process and the producer
 * belongs to the factory), so it only tracks its handles and tells the container when one is closed. Used by the container and one application thread at a
 * time.
 */
final class PartitaManagedConnection implements ManagedConnection {

    private final PartitaManagedConnectionFactory factory;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PartitaConnectionImpl> handles = new CopyOnWriteArrayList<>();
    private PrintWriter logWriter;

    PartitaManagedConnection(PartitaManagedConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        PartitaConnectionImpl handle = new PartitaConnectionImpl(this);
        handles.add(handle);
        return handle;
    }

    PartitaNode node() throws ResourceException {
        return factory.node();
    }

    SharedProducer producer() throws ResourceException {
        return factory.producer();
    }

    void closed(PartitaConnectionImpl handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(l -> l.connectionClosed(event));
    }

    @Override
    public void associateConnection(Object handle) {
        PartitaConnectionImpl connection = (PartitaConnectionImpl) handle;
        connection.associate(this);
        handles.add(connection);
    }

    @Override
    public void cleanup() {
        handles.forEach(PartitaConnectionImpl::invalidate);
        handles.clear();
    }

    @Override
    public void destroy() {
        cleanup();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("Partita connections are not transactional");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("Partita connections are not transactional");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override public String getEISProductName() { return "Partita"; }
            @Override public String getEISProductVersion() { return "0.1"; }
            @Override public int getMaxConnections() { return 0; }
            @Override public String getUserName() { return ""; }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
