package io.partita.web;

import io.partita.ra.host.ActivationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every message-driven bean activated on this node makes progress (see the activation property
 * {@code maxStallMs}); its data has one entry per activation, by name: {@code UP (<bean class>)} or
 * {@code DOWN (<bean class>): <why, naming the consumer>}. Up with no entry on a node without beans. Stateless.
 */
@Readiness
@ApplicationScoped
public class ActivationReadiness implements HealthCheck {

    @Inject
    NodeConnections connections;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("partita-activations");
        try {
            boolean ready = true;
            for (ActivationStatus activation : connections.activations()) {
                ready &= activation.ready();
                response.withData(activation.name(), activation.ready() ? "UP (" + activation.bean() + ")"
                        : "DOWN (" + activation.bean() + "): " + activation.reason());
            }
            return response.status(ready).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
