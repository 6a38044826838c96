package io.partita.ra.host;

import java.util.List;

/**
 * The message-driven beans activated on this node, for Partita's admin API (health checks, metrics): looked up as
 * an administered object of the resource adapter. For Partita's own modules: it is not in the {@code api} jar.
 * Thread-safe.
 */
public interface NodeActivations {

    /** Every activation running now, by name; none before the first bean is deployed. */
    List<ActivationStatus> activations();
}
