package io.partita.ra;

import io.partita.engine.PartitaNode;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import javax.naming.Reference;
import java.io.Serializable;

/**
 * What the adapter's administered objects share: the container associates each with the adapter, through which it
 * reaches the adapter's node. Thread-safe.
 */
abstract class AdapterAdministeredObject implements ResourceAdapterAssociation, Referenceable, Serializable {

    private static final long serialVersionUID = 1L;

    private transient volatile PartitaResourceAdapter adapter;
    private Reference reference;

    /** The adapter the container associated this object with, or null before it did. */
    PartitaResourceAdapter adapter() {
        return adapter;
    }

    /** The adapter's running node, or null before it started and after it stopped. */
    PartitaNode node() {
        PartitaResourceAdapter ra = adapter;
        return ra == null ? null : ra.node();
    }

    /** The adapter's running node. */
    PartitaNode runningNode() throws ResourceException {
        PartitaNode node = node();
        if (node == null) throw new ResourceException("The Partita node of this server is not running");
        return node;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        if (!(adapter instanceof PartitaResourceAdapter partita)) {
            throw new ResourceException("Not Partita's resource adapter: " + adapter);
        }
        this.adapter = partita;
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
