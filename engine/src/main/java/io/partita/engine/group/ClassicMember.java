package io.partita.engine.group;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One member of a classic group: what it told the coordinator in its last JoinGroup, its assignment, and the
 * answers the coordinator still owes it. Confined to the coordinator's thread.
 *
 * <p>Invariant: {@code awaitingJoin} is non-null only while its group prepares a rebalance (or while the member is
 * being answered); {@code awaitingSync} only while the group completes one.
 */
final class ClassicMember {

    private static final byte[] NO_BYTES = new byte[0];

    final String memberId;
    final String groupInstanceId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<MemberProtocol> protocols;
    byte[] assignment = NO_BYTES;
    CompletableFuture<JoinResult> awaitingJoin;
    CompletableFuture<SyncResult> awaitingSync;
    /** Counts session-timer restarts, so that a timer restarted since it was scheduled does nothing. */
    long sessionEpoch;
    ScheduledFuture<?> sessionTimer;

    ClassicMember(String memberId, JoinRequest join) {
        this.memberId = memberId;
        this.groupInstanceId = join.groupInstanceId();
        update(join);
    }

    /** A member of a stored generation, back after a restart: it speaks only the protocol that generation chose. */
    ClassicMember(StoredGroup.Member stored, String protocolName) {
        this.memberId = stored.memberId();
        this.groupInstanceId = stored.groupInstanceId();
        clientId = stored.clientId();
        clientHost = stored.clientHost();
        sessionTimeoutMs = stored.sessionTimeoutMs();
        rebalanceTimeoutMs = stored.rebalanceTimeoutMs();
        protocols = List.of(new MemberProtocol(protocolName, stored.subscription()));
        assignment = stored.assignment();
    }

    StoredGroup.Member stored(String protocolName) {
        return new StoredGroup.Member(memberId, groupInstanceId, clientId, clientHost, sessionTimeoutMs,
                rebalanceTimeoutMs, metadataFor(protocolName).orElse(NO_BYTES), assignment);
    }

    void update(JoinRequest join) {
        clientId = join.clientId();
        clientHost = join.clientHost();
        sessionTimeoutMs = join.sessionTimeoutMs();
        rebalanceTimeoutMs = join.rebalanceTimeoutMs();
        protocols = join.protocols();
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    boolean supports(String protocolName) {
        return metadataFor(protocolName).isPresent();
    }

    Optional<byte[]> metadataFor(String protocolName) {
        return protocols.stream().filter(p -> p.name().equals(protocolName)).map(MemberProtocol::metadata).findFirst();
    }

    /** The first of the member's protocols that every member supports: its vote. */
    Optional<String> vote(Set<String> candidates) {
        return protocols.stream().map(MemberProtocol::name).filter(candidates::contains).findFirst();
    }

    /** True when the member asks for the same protocols, with the same metadata, as in its last join. */
    boolean sameProtocols(List<MemberProtocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            MemberProtocol mine = protocols.get(i);
            MemberProtocol theirs = other.get(i);
            if (!mine.name().equals(theirs.name()) || !Arrays.equals(mine.metadata(), theirs.metadata())) {
                return false;
            }
        }
        return true;
    }

    void clearAssignment() {
        assignment = NO_BYTES;
    }

    void answerJoin(JoinResult result) {
        CompletableFuture<JoinResult> pending = awaitingJoin;
        awaitingJoin = null;
        if (pending != null) {
            pending.complete(result);
        }
    }

    void answerSync(SyncResult result) {
        CompletableFuture<SyncResult> pending = awaitingSync;
        awaitingSync = null;
        if (pending != null) {
            pending.complete(result);
        }
    }

    void cancelSessionTimer() {
        if (sessionTimer != null) {
            sessionTimer.cancel(false);
            sessionTimer = null;
        }
    }
}
