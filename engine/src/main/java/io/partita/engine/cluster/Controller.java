package io.partita.engine.cluster;

import org.apache.kafka.common.errors.ControllerMovedException;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The controller role on this node: held by exactly one live node, the oldest Hazelcast member with a registered
 * broker, and fenced by the controller epoch it took by compare-and-set ({@link ClusterMetadata#claimController}).
 * While it holds the role it keeps every partition led by a live in-sync replica ({@link LeaderElection}): after
 * each membership or broker change, and at every {@link #check()} the host's upkeep makes.
 *
 * <p>Every write carries the epoch; a node deposed while writing is refused ({@link ControllerMovedException}) and
 * stops acting. Checks run one at a time on the executor given (the node's scheduler); listeners only queue one.
 * Thread-safe.
 */
public final class Controller {

    private static final System.Logger LOG = System.getLogger(Controller.class.getName());

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final Executor loop;
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private volatile int epoch = -1;

    public Controller(int nodeId, ClusterMetadata cluster, Executor loop) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.loop = loop;
    }

    /** Starts watching members and brokers; call once this node's broker is registered. */
    public void start() {
        cluster.onMembershipChange(this::requestCheck);
        cluster.onBrokerChange(this::requestCheck);
        requestCheck();
    }

    /** True while this node holds the role (as far as it knows: a newer holder fences its writes). */
    public boolean isActive() {
        return epoch >= 0;
    }

    /** The epoch this node holds the role with, or -1. */
    public int epoch() {
        return epoch;
    }

    /** Queues a check unless one is already queued. */
    public void requestCheck() {
        if (checkQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                checkQueued.set(false);
                check();
            });
        }
    }

    /** Takes the role when this node should hold it, then repairs leaderships; on the loop thread. */
    void check() {
        try {
            if (cluster.controllerId() != nodeId) {
                if (epoch >= 0) LOG.log(System.Logger.Level.INFO, "Node {0} is no longer the controller", nodeId);
                epoch = -1;
                return;
            }
            Optional<ControllerRecord> stored = cluster.controller();
            if (stored.isPresent() && stored.get().memberUuid().equals(cluster.localMemberUuid())) {
                epoch = stored.get().epoch();
            } else {
                Optional<ControllerRecord> won = cluster.claimController(stored);
                if (won.isEmpty()) {
                    requestCheck();
                    return;
                }
                epoch = won.get().epoch();
                LOG.log(System.Logger.Level.INFO, "Node {0} is the controller, epoch {1}", nodeId, epoch);
            }
            electLeaders();
        } catch (ControllerMovedException e) {
            LOG.log(System.Logger.Level.INFO, "Node {0} was deposed as controller: {1}", nodeId, e.getMessage());
            epoch = -1;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Controller check on node " + nodeId + " failed", e);
        }
    }

    private void electLeaders() {
        Set<Integer> live = cluster.liveBrokerIds();
        int mine = epoch;
        for (TopicMetadata topic : cluster.topics()) {
            boolean changes = topic.partitions().stream().anyMatch(p -> !LeaderElection.onLiveBrokers(p, live).equals(p));
            if (changes) cluster.updateAsController(mine, topic.name(), p -> LeaderElection.onLiveBrokers(p, live));
        }
    }
}
