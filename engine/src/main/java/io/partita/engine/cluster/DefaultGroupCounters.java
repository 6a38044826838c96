package io.partita.engine.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.cp.internal.RaftGroupId;
import com.hazelcast.cp.internal.datastructures.atomiclong.proxy.AtomicLongProxy;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.NodeEngine;

import java.util.function.Function;

/**
 * Hands out {@link IAtomicLong}s of the CP group that an atomic long already held lives in, without asking any quorum.
 *
 * <p>Why: Hazelcast's own {@code getAtomicLong} first looks the group up with a linearizable query to the CP
 * Subsystem's internal METADATA group, synchronously and without a deadline. While that group has no reachable
 * leader the caller waits: a member stopped with SIGSTOP stays in the cluster, and the group may elect no new leader
 * until it runs again. A node that became controller then waited there for the lease counters of the other brokers,
 * missed its own lease renewals and fenced everyone (SlowFollowerIT). The group's id is known from the atomic long
 * held, so the proxy is made locally, as Hazelcast makes it once the group is known.
 *
 * <p>Uses Hazelcast 5.3's internals (the proxy's public constructor); where they differ, falls back to
 * {@code getAtomicLong}. Thread-safe.
 */
final class DefaultGroupCounters {

    private static final System.Logger LOG = System.getLogger(DefaultGroupCounters.class.getName());

    private DefaultGroupCounters() {
    }

    /** Makes atomic longs by name in the CP group of {@code member}. */
    static Function<String, IAtomicLong> of(HazelcastInstance hazelcast, IAtomicLong member) {
        try {
            HazelcastInstanceImpl instance = hazelcast instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                    : (HazelcastInstanceImpl) hazelcast;
            NodeEngine nodeEngine = instance.node.getNodeEngine();
            RaftGroupId group = (RaftGroupId) ((AtomicLongProxy) member).getGroupId();
            new AtomicLongProxy(nodeEngine, group, member.getName(), member.getName()); // links it now, not at first use
            return name -> new AtomicLongProxy(nodeEngine, group, name, name);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Metadata counters are taken through Hazelcast's CP lookup, which waits"
                    + " for its METADATA group's leader: " + e);
            return hazelcast.getCPSubsystem()::getAtomicLong;
        }
    }
}
