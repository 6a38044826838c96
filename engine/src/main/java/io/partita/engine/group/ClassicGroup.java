package io.partita.engine.group;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static io.partita.engine.group.GroupState.COMPLETING_REBALANCE;
import static io.partita.engine.group.GroupState.DEAD;
import static io.partita.engine.group.GroupState.EMPTY;
import static io.partita.engine.group.GroupState.PREPARING_REBALANCE;
import static io.partita.engine.group.GroupState.STABLE;

/**
 * One group under Kafka's classic group protocol: its members, generations and rebalances.
 *
 * <p>States move Empty → PreparingRebalance (a member joined) → CompletingRebalance (every member rejoined, or the
 * rebalance timeout passed: the generation id grows, a protocol is voted, the first member is the leader) → Stable
 * (the leader's SyncGroup brought the assignment) → PreparingRebalance again when a member joins, leaves, expires
 * or changes its protocols. A rebalance that ends with no member leaves the group Empty.
 *
 * <p>Each generation is stored (through the {@code store} callback) when the leader's assignment arrives, before
 * any member learns it, and again when the group becomes empty; a group {@link #restore restored} from it is
 * Stable (or Empty) with the same members, generation and assignments.
 *
 * <p>Invariants: the leader is a member, or null exactly when there are no members; every member supports the
 * chosen protocol; JoinGroup and SyncGroup answers owed to members are completed exactly once, on success, on
 * error, or when the member is removed.
 *
 * <p>Not thread-safe: confined to the coordinator's single thread, on which it also schedules its timers.
 */
final class ClassicGroup {

    private static final System.Logger LOG = System.getLogger(ClassicGroup.class.getName());
    private static final byte[] EMPTY_BYTES = new byte[0];

    private final String groupId;
    private final GroupConfig config;
    private final ScheduledExecutorService thread;
    private final Clock clock;
    /** Stores a generation durably; throws an {@link ApiException} when it cannot. */
    private final Consumer<StoredGroup> store;

    private GroupState state = EMPTY;
    /** When the group last became empty (or was created); read only while it is. */
    private long emptySinceMs;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, ClassicMember> members = new LinkedHashMap<>();
    /** Members told MEMBER_ID_REQUIRED, until they join with their id or their session passes. */
    private final Map<String, ScheduledFuture<?>> pendingMembers = new HashMap<>();
    private final Map<String, String> staticMemberIds = new HashMap<>();
    /** Members of the current generation that have not sent SyncGroup yet. */
    private final Set<String> pendingSync = new HashSet<>();

    private final Timer joinTimer = new Timer();
    private final Timer syncTimer = new Timer();
    private boolean initialDelay;
    private boolean newMemberAdded;
    private long initialDelayRemainingMs;

    ClassicGroup(String groupId, GroupConfig config, ScheduledExecutorService thread, Clock clock,
                 Consumer<StoredGroup> store) {
        this.groupId = groupId;
        this.config = config;
        this.thread = thread;
        this.clock = clock;
        this.store = store;
        this.emptySinceMs = clock.millis();
    }

    /** The group as it was stored: Stable with its stored members (whose sessions start now), or Empty. */
    static ClassicGroup restore(String groupId, StoredGroup stored, GroupConfig config, ScheduledExecutorService thread,
                                Clock clock, Consumer<StoredGroup> store) {
        ClassicGroup group = new ClassicGroup(groupId, config, thread, clock, store);
        group.protocolType = stored.protocolType();
        group.generationId = stored.generationId();
        group.emptySinceMs = stored.stateTimestampMs();
        if (!stored.members().isEmpty()) {
            group.protocolName = stored.protocolName();
            for (StoredGroup.Member m : stored.members()) {
                ClassicMember member = new ClassicMember(m, stored.protocolName());
                group.members.put(member.memberId, member);
                if (member.isStatic()) {
                    group.staticMemberIds.put(member.groupInstanceId, member.memberId);
                }
                group.restartSession(member);
            }
            group.leaderId = group.members.containsKey(stored.leaderId())
                    ? stored.leaderId() : group.members.keySet().iterator().next();
            group.state = STABLE;
        }
        return group;
    }

    /**
     * Stores a change that needs no answer to wait for it. When it cannot be stored, the last stored generation stays:
     * reloaded, its members' sessions simply end.
     */
    private void storeOrWarn() {
        try {
            store.accept(stored());
        } catch (ApiException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot store group " + groupId + ": " + e.getMessage());
        }
    }

    private StoredGroup stored() {
        List<StoredGroup.Member> stored = new ArrayList<>(members.size());
        members.values().forEach(m -> stored.add(m.stored(protocolName)));
        return new StoredGroup(protocolType, generationId, protocolName, leaderId, clock.millis(), stored);
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    /**
     * The time from which the offsets of this empty group age: when it became empty if it ever had members;
     * empty when it never had any (then each offset ages from its commit).
     */
    OptionalLong offsetsAgeFromMs() {
        return protocolType == null ? OptionalLong.empty() : OptionalLong.of(emptySinceMs);
    }

    /** Whether the group may be forgotten once it has no offsets: nobody is a member or about to become one. */
    boolean isVacant() {
        return state == EMPTY && pendingMembers.isEmpty();
    }

    /** Marks a vacant group forgotten: a request still holding it is told to find the coordinator again. */
    void markDead() {
        state = DEAD;
    }

    /**
     * Drops the group from this node, which no longer coordinates it: timers stop, and members waiting for a
     * JoinGroup or SyncGroup answer are told NOT_COORDINATOR (they find the new coordinator and rejoin there).
     */
    void unload() {
        state = DEAD;
        joinTimer.cancel();
        syncTimer.cancel();
        pendingMembers.values().forEach(pending -> pending.cancel(false));
        pendingMembers.clear();
        for (ClassicMember m : members.values()) {
            m.cancelSessionTimer();
            m.answerJoin(JoinResult.error(Errors.NOT_COORDINATOR, m.memberId));
            m.answerSync(SyncResult.error(Errors.NOT_COORDINATOR));
        }
    }

    /** The protocol type of its members (for consumers {@code consumer}); null when it never had members. */
    String protocolType() {
        return protocolType;
    }

    /**
     * Each member's metadata for the group's protocol, or for its preferred one while none is chosen (for
     * consumers: their subscriptions).
     */
    List<byte[]> memberMetadata() {
        return members.values().stream()
                .map(m -> m.metadataFor(protocolName).orElse(m.protocols.get(0).metadata()))
                .toList();
    }

    GroupListing listing() {
        return new GroupListing(groupId, protocolType == null ? "" : protocolType, state);
    }

    GroupDescription describe() {
        boolean stable = state == STABLE;
        List<GroupDescription.Member> described = new ArrayList<>();
        for (ClassicMember m : members.values()) {
            described.add(new GroupDescription.Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    stable ? m.metadataFor(protocolName).orElse(EMPTY_BYTES) : EMPTY_BYTES,
                    stable ? m.assignment : EMPTY_BYTES));
        }
        return new GroupDescription(groupId, Errors.NONE, null, state, protocolType == null ? "" : protocolType,
                stable ? protocolName : "", described);
    }

    // ---- JoinGroup

    void join(JoinRequest request, CompletableFuture<JoinResult> response) {
        if (state == DEAD) {
            response.complete(JoinResult.error(Errors.COORDINATOR_NOT_AVAILABLE, request.memberId()));
        } else if (!acceptsProtocols(request)) {
            response.complete(JoinResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        } else if (request.memberId().isEmpty()) {
            joinAsNewMember(request, response);
        } else {
            joinAsKnownMember(request, response);
        }
    }

    private boolean acceptsProtocols(JoinRequest request) {
        if (request.protocolType().isEmpty() || request.protocols().isEmpty()) {
            return false;
        }
        String self = request.memberId().isEmpty() && request.groupInstanceId() != null
                ? staticMemberIds.get(request.groupInstanceId())
                : request.memberId();
        List<ClassicMember> others = members.values().stream().filter(m -> !m.memberId.equals(self)).toList();
        if (others.isEmpty()) {
            return true;
        }
        return request.protocolType().equals(protocolType) && request.protocols().stream()
                .anyMatch(p -> others.stream().allMatch(m -> m.supports(p.name())));
    }

    private void joinAsNewMember(JoinRequest request, CompletableFuture<JoinResult> response) {
        String instanceId = request.groupInstanceId();
        if (instanceId != null && staticMemberIds.containsKey(instanceId)) {
            replaceStaticMember(request, response);
            return;
        }
        if (members.size() + pendingMembers.size() >= config.maxSize()) {
            response.complete(JoinResult.error(Errors.GROUP_MAX_SIZE_REACHED, request.memberId()));
            return;
        }
        String memberId = (instanceId != null ? instanceId : request.clientId()) + "-" + UUID.randomUUID();
        if (instanceId == null && request.requireKnownMemberId()) {
            addPendingMember(memberId, request.sessionTimeoutMs());
            response.complete(JoinResult.error(Errors.MEMBER_ID_REQUIRED, memberId));
        } else {
            addMember(memberId, request, response);
        }
    }

    private void joinAsKnownMember(JoinRequest request, CompletableFuture<JoinResult> response) {
        ScheduledFuture<?> pending = pendingMembers.remove(request.memberId());
        if (pending != null) {
            pending.cancel(false);
            addMember(request.memberId(), request, response);
            return;
        }
        Errors error = validateMember(request.memberId(), request.groupInstanceId());
        if (error != Errors.NONE) {
            response.complete(JoinResult.error(error, request.memberId()));
            return;
        }
        ClassicMember member = members.get(request.memberId());
        boolean unchanged = member.sameProtocols(request.protocols());
        switch (state) {
            case COMPLETING_REBALANCE -> {
                // The member lost our answer and asks again: repeat it rather than start over.
                if (unchanged) {
                    answerWithCurrentGeneration(member, response);
                } else {
                    updateMemberAndRebalance(member, request, response);
                }
            }
            case STABLE -> {
                // A leader rejoins to have the group reassigned (it saw metadata change): always rebalance for it.
                if (unchanged && !member.memberId.equals(leaderId)) {
                    answerWithCurrentGeneration(member, response);
                } else {
                    updateMemberAndRebalance(member, request, response);
                }
            }
            default -> updateMemberAndRebalance(member, request, response);
        }
    }

    private void answerWithCurrentGeneration(ClassicMember member, CompletableFuture<JoinResult> response) {
        restartSession(member);
        response.complete(new JoinResult(Errors.NONE, generationId, protocolType, protocolName, leaderId,
                member.memberId, false, member.memberId.equals(leaderId) ? memberList() : List.of()));
    }

    private void addPendingMember(String memberId, int sessionTimeoutMs) {
        pendingMembers.put(memberId, thread.schedule(() -> {
            if (pendingMembers.remove(memberId) != null) {
                maybeCompleteJoin();
            }
        }, sessionTimeoutMs, TimeUnit.MILLISECONDS));
    }

    private void addMember(String memberId, JoinRequest request, CompletableFuture<JoinResult> response) {
        if (members.isEmpty()) {
            protocolType = request.protocolType();
        }
        ClassicMember member = new ClassicMember(memberId, request);
        member.awaitingJoin = response;
        members.put(memberId, member);
        if (member.isStatic()) {
            staticMemberIds.put(member.groupInstanceId, memberId);
        }
        if (leaderId == null) {
            leaderId = memberId;
        }
        if (initialDelay) {
            newMemberAdded = true;
        }
        restartSession(member);
        rebalanceOrCompleteJoin();
    }

    private void updateMemberAndRebalance(ClassicMember member, JoinRequest request,
                                          CompletableFuture<JoinResult> response) {
        member.answerJoin(JoinResult.error(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        member.update(request);
        member.awaitingJoin = response;
        restartSession(member);
        rebalanceOrCompleteJoin();
    }

    /**
     * A static member came back under a new member id: it takes over the old member's place and assignment, and
     * the old id is fenced. A stable group is not rebalanced for it unless the protocol vote would change.
     */
    private void replaceStaticMember(JoinRequest request, CompletableFuture<JoinResult> response) {
        ClassicMember old = members.remove(staticMemberIds.get(request.groupInstanceId()));
        old.cancelSessionTimer();
        old.answerJoin(JoinResult.error(Errors.FENCED_INSTANCE_ID, old.memberId));
        old.answerSync(SyncResult.error(Errors.FENCED_INSTANCE_ID));

        String memberId = request.groupInstanceId() + "-" + UUID.randomUUID();
        ClassicMember member = new ClassicMember(memberId, request);
        member.assignment = old.assignment;
        members.put(memberId, member);
        staticMemberIds.put(member.groupInstanceId, memberId);
        if (pendingSync.remove(old.memberId)) {
            pendingSync.add(memberId);
        }
        String previousLeaderId = leaderId;
        if (old.memberId.equals(leaderId)) {
            leaderId = memberId;
        }
        restartSession(member);

        if (state == STABLE && protocolName.equals(selectProtocol())) {
            // Before JoinGroup v9 the old leader id is returned so that a rejoining leader does not believe it
            // leads and compute an assignment the stable group would ignore; from v9 it is told to skip that.
            storeOrWarn();
            boolean skip = request.supportsSkipAssignment() && memberId.equals(leaderId);
            response.complete(new JoinResult(Errors.NONE, generationId, protocolType, protocolName,
                    request.supportsSkipAssignment() ? leaderId : previousLeaderId, memberId, skip,
                    skip ? memberList() : List.of()));
            return;
        }
        member.awaitingJoin = response;
        rebalanceOrCompleteJoin();
    }

    // ---- rebalance

    private void rebalanceOrCompleteJoin() {
        switch (state) {
            case EMPTY, STABLE, COMPLETING_REBALANCE -> prepareRebalance();
            case PREPARING_REBALANCE -> maybeCompleteJoin();
            case DEAD -> {
            }
        }
    }

    private void prepareRebalance() {
        if (state == COMPLETING_REBALANCE) {
            for (ClassicMember m : members.values()) {
                m.clearAssignment();
                m.answerSync(SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
            }
        }
        syncTimer.cancel();
        pendingSync.clear();
        boolean fromEmpty = state == EMPTY;
        state = PREPARING_REBALANCE;
        if (fromEmpty) {
            // group.initial.rebalance.delay.ms: let a group that starts from nothing gather its members before
            // the first generation, so that consumers started together do not cause one rebalance each.
            int timeout = rebalanceTimeoutMs();
            long delay = Math.min(config.initialRebalanceDelayMs(), timeout);
            initialDelay = true;
            newMemberAdded = false;
            initialDelayRemainingMs = timeout - delay;
            joinTimer.schedule(delay, this::onInitialDelayElapsed);
        } else {
            joinTimer.schedule(rebalanceTimeoutMs(), this::completeJoin);
            maybeCompleteJoin();
        }
    }

    private void onInitialDelayElapsed() {
        if (newMemberAdded && initialDelayRemainingMs > 0) {
            newMemberAdded = false;
            long delay = Math.min(config.initialRebalanceDelayMs(), initialDelayRemainingMs);
            initialDelayRemainingMs -= delay;
            joinTimer.schedule(delay, this::onInitialDelayElapsed);
        } else {
            completeJoin();
        }
    }

    private void maybeCompleteJoin() {
        if (state == PREPARING_REBALANCE && !initialDelay && pendingMembers.isEmpty()
                && members.values().stream().allMatch(m -> m.awaitingJoin != null)) {
            completeJoin();
        }
    }

    /** Ends PreparingRebalance: drops dynamic members that did not rejoin and starts the next generation. */
    private void completeJoin() {
        joinTimer.cancel();
        initialDelay = false;
        newMemberAdded = false;
        for (ClassicMember m : List.copyOf(members.values())) {
            if (m.awaitingJoin == null && !m.isStatic()) {
                removeMember(m);
            }
        }
        if (!members.isEmpty() && members.values().stream().allMatch(m -> m.awaitingJoin == null)) {
            // Only absent static members remain: nobody to start a generation with. Wait another round; their
            // sessions run out meanwhile if they are gone for good.
            joinTimer.schedule(rebalanceTimeoutMs(), this::completeJoin);
            return;
        }
        generationId++;
        if (members.isEmpty()) {
            state = EMPTY;
            emptySinceMs = clock.millis();
            protocolName = null;
            leaderId = null;
            storeOrWarn();
            return;
        }
        if (members.get(leaderId).awaitingJoin == null) {
            leaderId = members.values().stream().filter(m -> m.awaitingJoin != null).findFirst().orElseThrow().memberId;
        }
        protocolName = selectProtocol();
        state = COMPLETING_REBALANCE;
        pendingSync.addAll(members.keySet());
        List<JoinResult.Member> all = memberList();
        for (ClassicMember m : members.values()) {
            if (m.awaitingJoin != null) {
                boolean leads = m.memberId.equals(leaderId);
                m.answerJoin(new JoinResult(Errors.NONE, generationId, protocolType, protocolName, leaderId,
                        m.memberId, false, leads ? all : List.of()));
                restartSession(m);
            }
        }
        int generation = generationId;
        syncTimer.schedule(rebalanceTimeoutMs(), () -> onSyncTimeout(generation));
    }

    /** Members that got the new generation but never sent SyncGroup within the rebalance timeout are dropped. */
    private void onSyncTimeout(int generation) {
        if (generation != generationId || pendingSync.isEmpty()
                || (state != COMPLETING_REBALANCE && state != STABLE)) {
            return;
        }
        for (String memberId : List.copyOf(pendingSync)) {
            removeMember(members.get(memberId));
        }
        rebalanceOrCompleteJoin();
    }

    /** The protocol most members prefer among those every member supports; ties go to the earliest voter's. */
    private String selectProtocol() {
        Set<String> candidates = null;
        for (ClassicMember m : members.values()) {
            Set<String> supported = new LinkedHashSet<>();
            m.protocols.forEach(p -> supported.add(p.name()));
            if (candidates == null) {
                candidates = supported;
            } else {
                candidates.retainAll(supported);
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicMember m : members.values()) {
            m.vote(candidates).ifPresent(name -> votes.merge(name, 1, Integer::sum));
        }
        return votes.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a)
                .orElseThrow(() -> new IllegalStateException("members of " + groupId + " share no protocol"))
                .getKey();
    }

    private List<JoinResult.Member> memberList() {
        List<JoinResult.Member> list = new ArrayList<>(members.size());
        for (ClassicMember m : members.values()) {
            list.add(new JoinResult.Member(m.memberId, m.groupInstanceId, m.metadataFor(protocolName).orElse(EMPTY_BYTES)));
        }
        return list;
    }

    private int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    // ---- SyncGroup

    void sync(SyncRequest request, CompletableFuture<SyncResult> response) {
        if (state == DEAD) {
            response.complete(SyncResult.error(Errors.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        Errors error = validateMember(request.memberId(), request.groupInstanceId());
        if (error == Errors.NONE && request.generationId() != generationId) {
            error = Errors.ILLEGAL_GENERATION;
        }
        if (error == Errors.NONE && (mismatch(request.protocolType(), protocolType) || mismatch(request.protocolName(), protocolName))) {
            error = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error == Errors.NONE && state == PREPARING_REBALANCE) {
            error = Errors.REBALANCE_IN_PROGRESS;
        }
        if (error != Errors.NONE) {
            response.complete(SyncResult.error(error));
            return;
        }
        ClassicMember member = members.get(request.memberId());
        restartSession(member);
        markSynced(member);
        if (state == STABLE) {
            response.complete(success(member));
            return;
        }
        member.answerSync(SyncResult.error(Errors.REBALANCE_IN_PROGRESS));
        member.awaitingSync = response;
        if (member.memberId.equals(leaderId)) {
            for (ClassicMember m : members.values()) {
                m.assignment = request.assignments().getOrDefault(m.memberId, EMPTY_BYTES);
            }
            try {
                store.accept(stored());
            } catch (ApiException e) {
                // As Kafka: everyone waiting learns the error, and the group rebalances.
                Errors storeError = Errors.forException(e);
                for (ClassicMember m : members.values()) {
                    m.clearAssignment();
                    m.answerSync(SyncResult.error(storeError));
                }
                prepareRebalance();
                return;
            }
            state = STABLE;
            for (ClassicMember m : members.values()) {
                m.answerSync(success(m));
            }
        }
    }

    private static boolean mismatch(String requested, String actual) {
        return requested != null && !requested.equals(actual);
    }

    private SyncResult success(ClassicMember member) {
        return new SyncResult(Errors.NONE, protocolType, protocolName, member.assignment);
    }

    private void markSynced(ClassicMember member) {
        if (pendingSync.remove(member.memberId) && pendingSync.isEmpty()) {
            syncTimer.cancel();
        }
    }

    // ---- Heartbeat, LeaveGroup, OffsetCommit validation

    Errors heartbeat(String memberId, String groupInstanceId, int generation) {
        if (state == DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors error = validateMember(memberId, groupInstanceId);
        if (error != Errors.NONE) {
            return error;
        }
        if (generation != generationId) {
            return Errors.ILLEGAL_GENERATION;
        }
        restartSession(members.get(memberId));
        return state == PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    LeaveResult leave(List<MemberIdentity> leaving) {
        if (state == DEAD) {
            return new LeaveResult(Errors.COORDINATOR_NOT_AVAILABLE, List.of());
        }
        boolean removedMember = false;
        boolean removedPending = false;
        List<LeaveResult.Member> results = new ArrayList<>(leaving.size());
        for (MemberIdentity identity : leaving) {
            Errors error;
            ScheduledFuture<?> pending = identity.groupInstanceId() == null ? pendingMembers.remove(identity.memberId()) : null;
            if (pending != null) {
                pending.cancel(false);
                removedPending = true;
                error = Errors.NONE;
            } else if (identity.groupInstanceId() != null) {
                String current = staticMemberIds.get(identity.groupInstanceId());
                if (current == null) {
                    error = Errors.UNKNOWN_MEMBER_ID;
                } else if (!identity.memberId().isEmpty() && !identity.memberId().equals(current)) {
                    error = Errors.FENCED_INSTANCE_ID;
                } else {
                    removeMember(members.get(current));
                    removedMember = true;
                    error = Errors.NONE;
                }
            } else if (members.containsKey(identity.memberId())) {
                removeMember(members.get(identity.memberId()));
                removedMember = true;
                error = Errors.NONE;
            } else {
                error = Errors.UNKNOWN_MEMBER_ID;
            }
            results.add(new LeaveResult.Member(identity.memberId(), identity.groupInstanceId(), error));
        }
        if (removedMember) {
            rebalanceOrCompleteJoin();
        } else if (removedPending) {
            maybeCompleteJoin();
        }
        return new LeaveResult(Errors.NONE, results);
    }

    /**
     * Whether an OffsetCommit may be accepted. Commits outside group management (generation below 0) are only
     * accepted while the group has no members; members must name the current generation, and are told to
     * rejoin while the generation is still being assigned.
     */
    Errors validateOffsetCommit(String memberId, String groupInstanceId, int generation) {
        if (state == DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generation < 0 && state == EMPTY) {
            return Errors.NONE;
        }
        if (generation >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            Errors error = validateMember(memberId, groupInstanceId);
            if (error != Errors.NONE) {
                return error;
            }
            if (generation != generationId) {
                return Errors.ILLEGAL_GENERATION;
            }
        } else {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (state == COMPLETING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        restartSession(members.get(memberId));
        return Errors.NONE;
    }

    private Errors validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMemberIds.get(groupInstanceId);
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            return current.equals(memberId) ? Errors.NONE : Errors.FENCED_INSTANCE_ID;
        }
        return members.containsKey(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    // ---- sessions and removal

    private void restartSession(ClassicMember member) {
        member.cancelSessionTimer();
        long epoch = ++member.sessionEpoch;
        member.sessionTimer = thread.schedule(() -> onSessionExpired(member, epoch),
                member.sessionTimeoutMs, TimeUnit.MILLISECONDS);
    }

    private void onSessionExpired(ClassicMember member, long epoch) {
        if (members.get(member.memberId) != member || member.sessionEpoch != epoch) {
            return;
        }
        if (member.awaitingJoin != null || member.awaitingSync != null) {
            // We owe the member an answer: it waits for us, not the other way round.
            restartSession(member);
            return;
        }
        removeMember(member);
        rebalanceOrCompleteJoin();
    }

    private void removeMember(ClassicMember member) {
        member.cancelSessionTimer();
        member.answerJoin(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, member.memberId));
        member.answerSync(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
        members.remove(member.memberId);
        if (member.isStatic()) {
            staticMemberIds.remove(member.groupInstanceId);
        }
        pendingSync.remove(member.memberId);
        if (member.memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** A one-shot timer whose scheduled action is dropped, even if already due, once replaced or cancelled. */
    private final class Timer {
        private long epoch;
        private ScheduledFuture<?> future;

        void schedule(long delayMs, Runnable action) {
            cancel();
            long scheduled = epoch;
            future = thread.schedule(() -> {
                if (epoch == scheduled) {
                    future = null;
                    action.run();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }

        void cancel() {
            epoch++;
            if (future != null) {
                future.cancel(false);
                future = null;
            }
        }
    }
}
