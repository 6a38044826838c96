package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.ra.reply.ReplyChannel;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

/**
 * A pooled connection to the node. It holds no resource of its own (the node is in-process and the producers
 * belong to the factory): it tracks its handles, tells the container when one is closed, and routes sends. While its
 * {@link ConnectionTransaction} is active (the container enlisted it in a JTA transaction) sends go to that Kafka
 * transaction; otherwise to the factory's shared, non-transactional producer. Used by the container and one
 * application thread at a time.
 */
final class PartitaManagedConnection implements ManagedConnection {

    private final PartitaManagedConnectionFactory factory;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PartitaConnectionImpl> handles = new CopyOnWriteArrayList<>();
    private final ConnectionTransaction transaction;
    private PrintWriter logWriter;

    PartitaManagedConnection(PartitaManagedConnectionFactory factory) {
        this.factory = factory;
        this.transaction = new ConnectionTransaction(factory);
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

    RecordSerializers serializers() throws ResourceException {
        return factory.serializers();
    }

    ReplyReaders replyReaders() throws ResourceException {
        return factory.replyReaders();
    }

    ReplyChannel replies() throws ResourceException {
        return factory.replies();
    }

    /** True while the connection sends in a JTA transaction's Kafka transaction. */
    boolean isInTransaction() {
        return transaction.isActive();
    }

    /** Sends in the JTA transaction's Kafka transaction while one is active, else through the shared producer. */
    Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) throws ResourceException {
        if (transaction.isActive()) return transaction.transaction().send(record, callback);
        return factory.producer().get().send(record, callback);
    }

    /** Flushes the JTA transaction's Kafka transaction while one is active, else the shared producer. */
    void flush() throws ResourceException {
        if (transaction.isActive()) {
            transaction.transaction().flush();
        } else {
            factory.producer().get().flush();
        }
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
    public void cleanup() throws ResourceException {
        handles.forEach(PartitaConnectionImpl::invalidate);
        handles.clear();
        transaction.rollbackIfActive();
    }

    @Override
    public void destroy() throws ResourceException {
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
        throw new NotSupportedException("Partita connections take part in JTA transactions as a local transaction "
                + "(the last resource): Kafka has no durable prepare");
    }

    @Override
    public LocalTransaction getLocalTransaction() {
        return transaction;
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
