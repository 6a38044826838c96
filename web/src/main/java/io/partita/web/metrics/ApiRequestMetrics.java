package io.partita.web.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;

/**
 * Times every API request into timer {@value #NAME}, tagged by HTTP method and status, in the application
 * registry ({@code /metrics}, Prometheus format: {@code partita_api_requests_seconds_count{method,status}} ...).
 * Stateless (the start time travels with the request).
 */
@Provider
@ApplicationScoped
public class ApiRequestMetrics implements ContainerRequestFilter, ContainerResponseFilter {

    static final String NAME = "partita.api.requests";
    private static final String STARTED = ApiRequestMetrics.class.getName() + ".started";
    private static final Metadata METADATA = Metadata.builder().withName(NAME)
            .withDescription("Requests to the admin API, by method and status")
            // Timers record nanoseconds; with this unit Payara's exporter shows _mean and _max in seconds too (its
            // quantiles it would not scale: META-INF/microprofile-config.properties turns them off for this timer).
            .withUnit(MetricUnits.NANOSECONDS).build();

    @Inject
    MetricRegistry registry;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started)) return;
        registry.timer(METADATA, new Tag("method", request.getMethod()),
                        new Tag("status", String.valueOf(response.getStatus())))
                .update(Duration.ofNanos(System.nanoTime() - started));
    }
}
