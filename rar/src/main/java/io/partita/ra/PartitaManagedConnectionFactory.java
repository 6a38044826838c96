package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.Set;

/**
 * Creates connections to the node of the resource adapter it belongs to. Every managed connection is
 * interchangeable with every other, so matching picks the first one offered.
 *
 * <p>Configured once by the container, then used from any thread.
 */
@ConnectionDefinition(
        connectionFactory = PartitaConnectionFactory.class,
        connectionFactoryImpl = PartitaConnectionFactoryImpl.class,
        connection = PartitaConnection.class,
        connectionImpl = PartitaConnectionImpl.class)
public class PartitaManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private transient volatile PartitaResourceAdapter adapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new PartitaConnectionFactoryImpl(this, connectionManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new NotSupportedException("Partita connections are managed by an application server");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) {
        return new PartitaManagedConnection(this);
    }

    @Override
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object candidate : candidates) {
            if (candidate instanceof PartitaManagedConnection connection) return connection;
        }
        return null;
    }

    /** The adapter's running node; fails when it has not started or has stopped. */
    PartitaNode node() throws ResourceException {
        PartitaResourceAdapter ra = adapter;
        PartitaNode node = ra == null ? null : ra.node();
        if (node == null) throw new ResourceException("The Partita node of this server is not running");
        return node;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.adapter = (PartitaResourceAdapter) adapter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // Required by the ManagedConnectionFactory contract: factories are equal when their settings are; this one
    // has none beyond its adapter.
    @Override
    public boolean equals(Object other) {
        return other instanceof PartitaManagedConnectionFactory that && that.adapter == adapter;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(adapter);
    }
}
