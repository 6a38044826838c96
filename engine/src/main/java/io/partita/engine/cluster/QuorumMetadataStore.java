package io.partita.engine.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cluster.Address;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystem;
import com.hazelcast.cp.CPSubsystemManagementService;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.cp.IAtomicReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The metadata in Hazelcast's CP Subsystem (Raft): linearizable, so the minority side of a network split can
 * neither change it nor read it, and after the heal every node finds the one history the majority wrote.
 *
 * <p>The entries are spread over {@value #SHARDS} shards by key hash, each one {@link IAtomicReference} holding a
 * JSON document {@code {"version": n, "entries": {key: value}}}; a key's compare-and-set is a compare-and-set of its
 * shard's text, retried while other keys of the shard change under it. One {@link IAtomicLong} counts the writes:
 * {@link #poll()} reads it and re-reads the shards when it moved (CP structures have no listeners), and
 * {@link #refresh()} re-reads them regardless, so a write whose count was lost (its writer died in between) is
 * found at the next refresh. Counters are CP atomic longs of their own. Each call waits at most the deadline
 * given, then fails with {@link MetadataUnavailableException}. Thread-safe.
 */
public final class QuorumMetadataStore extends CachedMetadataStore {

    static final int SHARDS = 8;
    private static final int MAX_OUTSTANDING = 8 * SHARDS;

    /** A shard's document. */
    record Shard(long version, Map<String, String> entries) {
        static final Shard EMPTY = new Shard(0, Map.of());
    }

    private record Read(String text, Shard shard) {
    }

    private static final System.Logger LOG = System.getLogger(QuorumMetadataStore.class.getName());

    private final HazelcastInstance hazelcast;
    private final CPSubsystem cp;
    private final int cpMemberCount;
    private final List<IAtomicReference<String>> shards = new ArrayList<>(SHARDS);
    private final IAtomicLong writes;
    /** Makes the counters (leases) without a quorum round trip, see {@link DefaultGroupCounters}. */
    private final Function<String, IAtomicLong> newCounter;
    /** The counters by name, each made once. */
    private final Map<String, IAtomicLong> counters = new ConcurrentHashMap<>();
    private final long deadlineMs;
    private final Runnable repointCalls;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile long writesSeen = -1;

    /** @param deadlineMs how long one call waits for the quorum */
    public QuorumMetadataStore(HazelcastInstance hazelcast, long deadlineMs) {
        this.hazelcast = hazelcast;
        this.cp = hazelcast.getCPSubsystem();
        this.cpMemberCount = hazelcast.getConfig().getCPSubsystemConfig().getCPMemberCount();
        for (int i = 0; i < SHARDS; i++) shards.add(cp.getAtomicReference("partita.metadata." + i));
        this.writes = cp.getAtomicLong("partita.metadata.writes");
        this.newCounter = DefaultGroupCounters.of(hazelcast, writes);
        this.deadlineMs = deadlineMs;
        this.repointCalls = leaderRouting(hazelcast, shards.get(0));
    }

    /** Shards and counters share Hazelcast's default CP group, so one routing serves every call. */
    private static Runnable leaderRouting(HazelcastInstance hazelcast, IAtomicReference<String> member) {
        try {
            return RaftLeaderRouting.of(hazelcast, member)::repoint;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Metadata calls keep Hazelcast's own routing, so a cut-off Raft"
                    + " leader delays them until Hazelcast declares it gone: " + e);
            return () -> { };
        }
    }

    @Override
    public Optional<String> read(String key) {
        int shard = shardOf(key);
        Read read = readShard(shard);
        observe(shard, read.shard());
        return Optional.ofNullable(read.shard().entries().get(key));
    }

    @Override
    public boolean compareAndSet(String key, Optional<String> expected, Optional<String> update) {
        int shard = shardOf(key);
        while (true) {
            Read read = readShard(shard);
            String current = read.shard().entries().get(key);
            if (!java.util.Objects.equals(current, expected.orElse(null))) {
                observe(shard, read.shard());
                return false;
            }
            Map<String, String> entries = new TreeMap<>(read.shard().entries());
            update.ifPresentOrElse(v -> entries.put(key, v), () -> entries.remove(key));
            Shard next = new Shard(read.shard().version() + 1, entries);
            String nextText = MetadataJson.write(next);
            if (await(call(() -> shards.get(shard).compareAndSetAsync(read.text(), nextText)))) {
                observe(shard, next);
                call(writes::incrementAndGetAsync);
                return true;
            }
        }
    }

    @Override
    public void refresh() {
        List<CompletableFuture<String>> reads = new ArrayList<>(SHARDS);
        for (IAtomicReference<String> s : shards) reads.add(call(s::getAsync));
        CompletableFuture<Void> all = CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
        await(all);
        for (int i = 0; i < SHARDS; i++) observe(i, parse(reads.get(i).join()));
    }

    /** Refreshes when some node wrote since the last look: a cheap read of the write count. */
    @Override
    public void poll() {
        long count = await(call(writes::getAsync));
        if (count == writesSeen) return;
        refresh();
        writesSeen = count;
    }

    /**
     * CP membership is not dynamic (Hazelcast keeps a missing CP member in every majority count until it is
     * removed), so a node that is no CP member itself removes the CP member at its own address (its former self,
     * before a restart or a merge that gave it a new identity: certainly gone, since this process holds the address
     * now), then promotes itself while the CP Subsystem has fewer members than configured. A member gone for good at
     * another address is removed by Hazelcast after {@code missing-cp-member-auto-removal-seconds}; a node without
     * CP role then fills the gap.
     */
    @Override
    public void maintainQuorum() {
        if (cp.getLocalCPMember() != null) return;
        CPSubsystemManagementService management = cp.getCPSubsystemManagementService();
        Address here = hazelcast.getCluster().getLocalMember().getAddress();
        int remaining = await(call(management::getCPMembers)).size();
        if (removeAt(here)) remaining--;
        if (remaining < cpMemberCount) {
            await(call(management::promoteToCPMember));
            LOG.log(System.Logger.Level.INFO, "This node is a CP member now ({0} configured)", cpMemberCount);
        }
    }

    @Override
    public boolean removeQuorumMember(String memberAddress) {
        int colon = memberAddress.lastIndexOf(':');
        try {
            return removeAt(new Address(memberAddress.substring(0, colon), Integer.parseInt(memberAddress.substring(colon + 1))));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Removes the CP member at {@code address}, if any; true when one was removed. */
    private boolean removeAt(Address address) {
        CPSubsystemManagementService management = cp.getCPSubsystemManagementService();
        for (CPMember m : await(call(management::getCPMembers))) {
            if (m.getAddress().equals(address)) {
                await(call(() -> management.removeCPMember(m.getUuid())));
                LOG.log(System.Logger.Level.INFO, "Removed the CP member {0} at {1}", m.getUuid(), address);
                return true;
            }
        }
        return false;
    }

    @Override
    public long increment(String name) {
        return await(call(() -> atomicCounter(name).incrementAndGetAsync()));
    }

    @Override
    public long counter(String name) {
        return await(call(() -> atomicCounter(name).getAsync()));
    }

    private IAtomicLong atomicCounter(String name) {
        return counters.computeIfAbsent(name, n -> newCounter.apply("partita.counter." + n));
    }

    @Override
    public void close() {
        // Nothing to release: CP structures outlive this node, and polling is the caller's.
    }

    private void observe(int shard, Shard read) {
        Map<String, String> entries = read.entries();
        observedAll(entries, read.version(), key -> shardOf(key) == shard);
    }

    private Read readShard(int shard) {
        String text = await(call(shards.get(shard)::getAsync));
        return new Read(text, parse(text));
    }

    private static Shard parse(String text) {
        return text == null ? Shard.EMPTY : MetadataJson.read(text, Shard.class);
    }

    static int shardOf(String key) {
        return Math.floorMod(key.hashCode(), SHARDS);
    }

    /**
     * Starts one call to the quorum, unless {@value #MAX_OUTSTANDING} are still unanswered: Hazelcast keeps retrying
     * a call after our deadline gave up on it (up to its own call timeout, a minute), so a node cut off from the
     * quorum would otherwise pile up invocations with every poll. A call that cannot even start (the CP group is
     * changing members, the instance is shutting down) fails the same way as one that timed out.
     */
    private <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> start) {
        if (outstanding.incrementAndGet() > MAX_OUTSTANDING) {
            outstanding.decrementAndGet();
            return CompletableFuture.failedFuture(new MetadataUnavailableException(
                    MAX_OUTSTANDING + " calls to the metadata quorum are still unanswered", null));
        }
        try {
            CompletableFuture<T> future = start.get().toCompletableFuture();
            future.whenComplete((v, e) -> outstanding.decrementAndGet());
            return future;
        } catch (RuntimeException e) {
            outstanding.decrementAndGet();
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(deadlineMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            repointCalls.run();
            throw new MetadataUnavailableException("The metadata quorum did not answer within " + deadlineMs + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MetadataUnavailableException m) throw m;
            throw new MetadataUnavailableException("The metadata quorum failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataUnavailableException("Interrupted while waiting for the metadata quorum", e);
        }
    }
}
