package io.partita.ra;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;

/**
 * The factory applications see: hands every request to the container's {@link ConnectionManager}, which pools
 * the managed connections. Thread-safe.
 */
public class PartitaConnectionFactoryImpl implements PartitaConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final transient PartitaManagedConnectionFactory managedFactory;
    private final transient ConnectionManager connectionManager;
    private Reference reference;

    PartitaConnectionFactoryImpl(PartitaManagedConnectionFactory managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    @Override
    public PartitaConnection getConnection() throws ResourceException {
        return (PartitaConnection) connectionManager.allocateConnection(managedFactory, null);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
