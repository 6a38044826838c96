package io.partita.ejb;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the node's periodic maintenance (retention, then flush) every {@code log.retention.check.interval.ms},
 * as Kafka's log manager does on its own scheduler.
 *
 * <p>The timer is not persistent: it belongs to this server's node and dies with it. Timeouts of a singleton run
 * one at a time, so a slow run delays the next instead of overlapping it.
 *
 * <p>The connection factory names the standalone resource adapter {@code partita-rar}; the EAR's variant of this
 * jar overrides it with {@code #partita-rar} in its ejb-jar.xml.
 */
@ConnectionFactoryDefinition(
        name = MaintenanceTimer.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.NoTransaction)
@Singleton
@Startup
public class MaintenanceTimer {

    // Unlike the web module's: Payara validates same-named definitions of an EAR's modules as one.
    static final String CONNECTION_FACTORY = "java:module/partita/maintenanceConnections";
    private static final Logger LOG = Logger.getLogger(MaintenanceTimer.class.getName());

    @Resource(lookup = CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Resource
    private TimerService timerService;

    @PostConstruct
    void schedule() {
        long intervalMs;
        try (PartitaConnection connection = partita.getConnection()) {
            intervalMs = connection.retentionCheckInterval().toMillis();
        } catch (ResourceException e) {
            throw new IllegalStateException("Cannot schedule Partita maintenance: " + e.getMessage(), e);
        }
        timerService.createIntervalTimer(intervalMs, intervalMs, new TimerConfig("partita-maintenance", false));
        LOG.info(() -> "Partita maintenance runs every " + intervalMs + " ms");
    }

    @Timeout
    void runMaintenance() {
        try (PartitaConnection connection = partita.getConnection()) {
            int deleted = connection.enforceRetention();
            connection.flushDirtyLogs();
            if (deleted > 0) LOG.info(() -> "Retention deleted " + deleted + " segment(s)");
        } catch (ResourceException | RuntimeException e) {
            // The next timeout retries; failing the timeout would only make the container retry it at once.
            LOG.log(Level.WARNING, "Partita maintenance failed: " + e.getMessage(), e);
        }
    }
}
