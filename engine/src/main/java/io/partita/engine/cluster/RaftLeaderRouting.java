package io.partita.engine.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.datastructures.atomicref.proxy.AtomicRefProxy;
import com.hazelcast.cp.internal.raft.impl.RaftEndpoint;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.operationservice.impl.RaftInvocationContext;

import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Points this node's calls to one CP group at the leader that its own Raft node follows.
 *
 * <p>Why: Hazelcast sends every call of a CP group to the last leader that answered, and changes its mind only when
 * a call fails with a CP error or that member leaves the cluster. A leader cut off by the network leaves the cluster
 * only after {@code hazelcast.max.no.heartbeat.seconds} (60 s by default), and until then each call waits out
 * Hazelcast's call timeout (60 s too), though the other members elected a new leader within the Raft leader-heartbeat
 * timeout. The quorum store calls {@link #repoint()} after a call missed its deadline; it costs a local look-up.
 *
 * <p>Uses Hazelcast 5.3's internals: its CP calls have no public routing. Thread-safe.
 */
final class RaftLeaderRouting {

    private static final System.Logger LOG = System.getLogger(RaftLeaderRouting.class.getName());

    private final RaftService raft;
    private final CPGroupId group;
    private final Method knownLeader;
    private final Method setKnownLeader;

    private RaftLeaderRouting(RaftService raft, CPGroupId group) throws ReflectiveOperationException {
        this.raft = raft;
        this.group = group;
        this.knownLeader = RaftInvocationContext.class.getDeclaredMethod("getKnownLeader", CPGroupId.class);
        this.setKnownLeader = RaftInvocationContext.class.getDeclaredMethod("setKnownLeader", CPGroupId.class, CPMember.class);
        knownLeader.setAccessible(true);
        setKnownLeader.setAccessible(true);
    }

    /**
     * The routing of the group that {@code member} (a CP atomic reference) lives in.
     *
     * @throws ReflectiveOperationException, RuntimeException or LinkageError where Hazelcast's internals differ
     */
    static RaftLeaderRouting of(HazelcastInstance hazelcast, Object member) throws ReflectiveOperationException {
        HazelcastInstanceImpl instance = hazelcast instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                : (HazelcastInstanceImpl) hazelcast;
        RaftService raft = instance.node.getNodeEngine().getService(RaftService.SERVICE_NAME);
        return new RaftLeaderRouting(raft, ((AtomicRefProxy<?>) member).getGroupId());
    }

    /** Re-points the group's calls when this node's Raft node follows another leader than the calls go to. */
    void repoint() {
        RaftNode node = raft.getRaftNode(group);
        RaftEndpoint leader = node == null ? null : node.getLeader();
        if (leader == null) return;
        RaftInvocationContext context = raft.getInvocationManager().getRaftInvocationContext();
        CPMember member = context.getCPMember(leader.getUuid());
        if (member == null) return;
        try {
            CPMember current = (CPMember) knownLeader.invoke(context, group);
            if (current != null && Objects.equals(current.getUuid(), member.getUuid())) return;
            setKnownLeader.invoke(context, group, member);
            LOG.log(System.Logger.Level.INFO, "CP calls of {0} go to {1} now, the leader this node''s Raft node follows"
                    + " (they went to {2})", group.getName(), member.getAddress(), current == null ? "none" : current.getAddress());
        } catch (ReflectiveOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not re-point CP calls: " + e);
        }
    }
}
