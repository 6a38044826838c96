package io.partita.engine.share;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The share sessions of the members fetching from this node (KIP-932): per group and member, the partitions it
 * fetches and the epoch its next request must carry. Epoch 0 opens a session (replacing the member's old one), each
 * later ShareFetch or ShareAcknowledge carries the next epoch (1, 2, ... wrapping to 1), -1 closes it. A session
 * ends too when the connection it was last used on closes, and when unused for longer than its idle limit. Whoever ends a session releases what the member held on its
 * partitions ({@link Ended}).
 *
 * <p>Thread-safe: every method holds the instance's lock.
 */
public final class ShareSessions {

    /** A session that ended (closed, replaced or idle): its member's records on these partitions go back. */
    public record Ended(String groupId, String memberId, Set<TopicPartition> partitions) {
    }

    /** A newly opened session's partitions, and the member's session it replaced (null when none). */
    public record Opened(Set<TopicPartition> partitions, Ended replaced) {
    }

    private record Key(String groupId, String memberId) {
    }

    private static final class Session {
        final Set<TopicPartition> partitions = new HashSet<>();
        int nextEpoch = 1;
        long lastUsedMs;
        /** The connection the member last used it on: the session ends when that closes. */
        String connectionId;

        Ended ended(Key key) {
            return new Ended(key.groupId(), key.memberId(), Set.copyOf(partitions));
        }
    }

    private final int maxSessions;
    private final long idleMs;
    private final Map<Key, Session> sessions = new HashMap<>();

    /**
     * @param maxSessions {@code group.share.max.share.sessions}: a new session beyond it is refused
     * @param idleMs      a session not used for this long is dropped
     */
    public ShareSessions(int maxSessions, long idleMs) {
        this.maxSessions = maxSessions;
        this.idleMs = idleMs;
    }

    /** Opens the member's session (epoch 0) on {@code partitions}, used over connection {@code connectionId}. */
    public synchronized Opened open(String groupId, String memberId, Set<TopicPartition> partitions, String connectionId,
                                    long now) throws ShareSessionException {
        Key key = new Key(groupId, memberId);
        Session old = sessions.remove(key);
        if (old == null && sessions.size() >= maxSessions) {
            throw new ShareSessionException(ShareSessionException.Reason.SHARE_SESSION_LIMIT_REACHED,
                    "This node has " + maxSessions + " share sessions (group.share.max.share.sessions)");
        }
        Session session = new Session();
        session.partitions.addAll(partitions);
        session.lastUsedMs = now;
        session.connectionId = connectionId;
        sessions.put(key, session);
        return new Opened(Set.copyOf(session.partitions), old == null ? null : old.ended(key));
    }

    /**
     * Moves the member's session on by {@code epoch} (its next), adding {@code added} and forgetting
     * {@code forgotten} partitions.
     *
     * @return the session's partitions after the change
     */
    public synchronized Set<TopicPartition> advance(String groupId, String memberId, int epoch,
                                                    Set<TopicPartition> added, Set<TopicPartition> forgotten,
                                                    String connectionId, long now) throws ShareSessionException {
        Session session = expecting(new Key(groupId, memberId), epoch);
        session.nextEpoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
        session.lastUsedMs = now;
        session.connectionId = connectionId;
        session.partitions.addAll(added);
        session.partitions.removeAll(forgotten);
        return Set.copyOf(session.partitions);
    }

    /** Closes the member's session (epoch -1). */
    public synchronized Ended close(String groupId, String memberId) throws ShareSessionException {
        Key key = new Key(groupId, memberId);
        Session session = sessions.remove(key);
        if (session == null) throw notFound(key);
        return session.ended(key);
    }

    /** Whether a session of the group fetches {@code partition}. */
    public synchronized boolean fetching(String groupId, TopicPartition partition) {
        for (Map.Entry<Key, Session> entry : sessions.entrySet()) {
            if (entry.getKey().groupId().equals(groupId) && entry.getValue().partitions.contains(partition)) return true;
        }
        return false;
    }

    /** Drops the sessions unused since {@code now - idleMs}. */
    public synchronized List<Ended> expireIdle(long now) {
        return endWhere(session -> now - session.lastUsedMs >= idleMs);
    }

    /** Drops the sessions last used over connection {@code connectionId}, which closed. */
    public synchronized List<Ended> connectionClosed(String connectionId) {
        return endWhere(session -> connectionId.equals(session.connectionId));
    }

    private List<Ended> endWhere(Predicate<Session> which) {
        List<Ended> ended = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Session>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Session> entry = it.next();
            if (which.test(entry.getValue())) {
                ended.add(entry.getValue().ended(entry.getKey()));
                it.remove();
            }
        }
        return ended;
    }

    private Session expecting(Key key, int epoch) throws ShareSessionException {
        Session session = sessions.get(key);
        if (session == null) throw notFound(key);
        if (epoch != session.nextEpoch) {
            throw new ShareSessionException(ShareSessionException.Reason.INVALID_SHARE_SESSION_EPOCH,
                    "The share session of member " + key.memberId() + " expected epoch " + session.nextEpoch
                            + ", not " + epoch);
        }
        return session;
    }

    private static ShareSessionException notFound(Key key) {
        return new ShareSessionException(ShareSessionException.Reason.SHARE_SESSION_NOT_FOUND,
                "No share session of member " + key.memberId() + " in group " + key.groupId());
    }
}
