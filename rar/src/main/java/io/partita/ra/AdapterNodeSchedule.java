package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.ra.host.NodeSchedule;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.AdministeredObject;

import java.time.Duration;

/**
 * The administered object through which the EJB timer drives the schedule of the adapter's node
 * ({@link PartitaNode#runDueJobs()}); the container associates it with the adapter. Applications have no business
 * with it: its interface is not in the api jar. Thread-safe.
 */
@AdministeredObject(adminObjectInterfaces = NodeSchedule.class)
public class AdapterNodeSchedule extends AdapterAdministeredObject implements NodeSchedule {

    private static final long serialVersionUID = 1L;

    @Override
    public Duration tickInterval() throws ResourceException {
        return Duration.ofMillis(runningNode().scheduleTickMs());
    }

    @Override
    public void runDueJobs() {
        PartitaNode node = node();
        if (node != null) node.runDueJobs();
    }
}
