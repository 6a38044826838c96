package io.partita.ejb;

import io.partita.ra.host.NodeSchedule;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.resource.AdministeredObjectDefinition;
import jakarta.resource.ResourceException;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Drives the node's schedule of periodic jobs: one interval timer at the schedule's finest interval whose every
 * timeout asks the node to start what is due. The engine owns the table (which jobs, how often, on which of its
 * threads); this bean is only its clock inside the server. Payara delivers no timer more often than its
 * {@code minimum-delivery-interval-in-millis} (1000 ms unless set; {@code bin/partita} sets 100).
 *
 * <p>The timer is not persistent: it belongs to this server's node and dies with it. A timeout only hands work to
 * the engine's threads, so it is quick and needs no transaction. The node ticks its schedule itself until the first
 * timeout and again while it closes.
 *
 * <p>The schedule is an administered object of the standalone resource adapter {@code partita-rar}, not a
 * connection: applications have no interface to it. The EAR's variant of this jar overrides the adapter with
 * {@code #partita-rar} in its ejb-jar.xml.
 */
@AdministeredObjectDefinition(
        name = NodeScheduleTimer.SCHEDULE,
        interfaceName = "io.partita.ra.host.NodeSchedule",
        className = "io.partita.ra.AdapterNodeSchedule",
        resourceAdapter = "partita-rar")
@Singleton
@Startup
public class NodeScheduleTimer {

    static final String SCHEDULE = "java:module/partita/schedule";
    private static final Logger LOG = Logger.getLogger(NodeScheduleTimer.class.getName());

    @Resource(lookup = SCHEDULE)
    private NodeSchedule schedule;

    @Resource
    private TimerService timerService;

    @PostConstruct
    void start() {
        Duration tick;
        try {
            tick = schedule.tickInterval();
        } catch (ResourceException e) {
            throw new IllegalStateException("Cannot drive the Partita node's schedule: " + e.getMessage(), e);
        }
        timerService.createIntervalTimer(tick.toMillis(), tick.toMillis(), new TimerConfig(null, false));
        LOG.info(() -> "The Partita node's periodic jobs are driven every " + tick.toMillis() + " ms");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        schedule.runDueJobs();
    }
}
