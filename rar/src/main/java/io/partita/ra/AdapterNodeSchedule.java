package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.ra.host.NodeSchedule;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.AdministeredObject;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import javax.naming.Reference;
import java.io.Serializable;
import java.time.Duration;

/**
 * The administered object through which the EJB timer drives the schedule of the adapter's node
 * ({@link PartitaNode#runDueJobs()}); the container associates it with the adapter. Applications have no business
 * with it: its interface is not in the api jar. Thread-safe.
 */
@AdministeredObject(adminObjectInterfaces = NodeSchedule.class)
public class AdapterNodeSchedule implements NodeSchedule, ResourceAdapterAssociation, Referenceable, Serializable {

    private static final long serialVersionUID = 1L;

    private transient volatile PartitaResourceAdapter adapter;
    private Reference reference;

    @Override
    public Duration tickInterval() throws ResourceException {
        PartitaNode node = node();
        if (node == null) throw new ResourceException("The Partita node of this server is not running");
        return Duration.ofMillis(node.scheduleTickMs());
    }

    @Override
    public void runDueJobs() {
        PartitaNode node = node();
        if (node != null) node.runDueJobs();
    }

    private PartitaNode node() {
        PartitaResourceAdapter ra = adapter;
        return ra == null ? null : ra.node();
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
