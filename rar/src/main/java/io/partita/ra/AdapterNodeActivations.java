package io.partita.ra;

import io.partita.ra.host.ActivationStatus;
import io.partita.ra.host.NodeActivations;
import jakarta.resource.spi.AdministeredObject;

import java.util.List;

/**
 * The administered object through which the admin API reads the readiness and counts of the message-driven beans
 * activated on the adapter's node; the container associates it with the adapter. Applications have no business with
 * it: its interface is not in the api jar. Thread-safe.
 */
@AdministeredObject(adminObjectInterfaces = NodeActivations.class)
public class AdapterNodeActivations extends AdapterAdministeredObject implements NodeActivations {

    private static final long serialVersionUID = 1L;

    @Override
    public List<ActivationStatus> activations() {
        PartitaResourceAdapter adapter = adapter();
        return adapter == null ? List.of() : adapter.activationStatuses();
    }
}
