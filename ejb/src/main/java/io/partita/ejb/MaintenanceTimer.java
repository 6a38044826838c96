package io.partita.ejb;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the node's periodic maintenance, as Kafka's broker does on its own schedulers: retention, then flush, every
 * {@code log.retention.check.interval.ms}; replication upkeep (ISR shrink, stalled fetchers) every half
 * {@code replica.lag.time.max.ms}; transaction upkeep (timed-out transactions aborted, expired transactional ids
 * forgotten) every {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}; group offset expiry every
 * {@code offsets.retention.check.interval.ms}. Member sessions and rebalance delays are not timers of the container:
 * they run on the node's group coordinator, as precise as Kafka's.
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
        Duration retention;
        Duration replication;
        Duration transactions;
        Duration groups;
        try (PartitaConnection connection = partita.getConnection()) {
            retention = connection.retentionCheckInterval();
            replication = connection.replicationCheckInterval();
            transactions = connection.transactionCheckInterval();
            groups = connection.offsetsRetentionCheckInterval();
        } catch (ResourceException e) {
            throw new IllegalStateException("Cannot schedule Partita maintenance: " + e.getMessage(), e);
        }
        timerService.createIntervalTimer(retention.toMillis(), retention.toMillis(), new TimerConfig(Job.RETENTION, false));
        timerService.createIntervalTimer(replication.toMillis(), replication.toMillis(), new TimerConfig(Job.REPLICATION, false));
        timerService.createIntervalTimer(transactions.toMillis(), transactions.toMillis(), new TimerConfig(Job.TRANSACTIONS, false));
        timerService.createIntervalTimer(groups.toMillis(), groups.toMillis(), new TimerConfig(Job.GROUP_OFFSETS, false));
        LOG.info(() -> "Partita retention runs every " + retention.toMillis() + " ms, replication upkeep every "
                + replication.toMillis() + " ms, transaction upkeep every " + transactions.toMillis()
                + " ms, group offset expiry every " + groups.toMillis() + " ms");
    }

    @Timeout
    void runMaintenance(Timer timer) {
        Job job = (Job) timer.getInfo();
        try (PartitaConnection connection = partita.getConnection()) {
            job.runOn(connection);
        } catch (ResourceException | RuntimeException e) {
            // The next timeout retries; failing the timeout would only make the container retry it at once.
            LOG.log(Level.WARNING, "Partita " + job + " failed: " + e.getMessage(), e);
        }
    }

    /** The jobs, as timer infos (serializable; the timers are not persistent, so they never leave this server). */
    enum Job {
        RETENTION {
            @Override
            void runOn(PartitaConnection connection) throws ResourceException {
                int deleted = connection.enforceRetention();
                connection.flushDirtyLogs();
                if (deleted > 0) LOG.info(() -> "Retention deleted " + deleted + " segment(s)");
            }
        },
        REPLICATION {
            @Override
            void runOn(PartitaConnection connection) throws ResourceException {
                connection.maintainReplication();
            }
        },
        TRANSACTIONS {
            @Override
            void runOn(PartitaConnection connection) throws ResourceException {
                connection.maintainTransactions();
            }
        },
        GROUP_OFFSETS {
            @Override
            void runOn(PartitaConnection connection) throws ResourceException {
                connection.expireGroupOffsets();
            }
        };

        abstract void runOn(PartitaConnection connection) throws ResourceException;
    }
}
