package io.partita.engine.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What one node has seen of other brokers' leases: the last value of each lease counter and when (by this node's
 * own monotonic clock) it last saw the counter move. A lease has expired when its counter stood still for a whole
 * session timeout. A broker seen for the first time starts with a full session, as KRaft's controller grants a
 * broker it just heard of; what a node saw before it took the controller role still counts (it watched the old
 * holder's lease run out), so the holder it replaces is fenced at once. Thread-safe.
 */
final class LeaseWatch {

    private record Seen(long counter, long sinceNanos) {
    }

    private final long sessionTimeoutNanos;
    private final Map<Integer, Seen> seen = new ConcurrentHashMap<>();

    LeaseWatch(long sessionTimeoutMs) {
        this.sessionTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMs);
    }

    /** Records that broker {@code nodeId}'s counter reads {@code counter} now; returns whether its lease expired. */
    boolean expired(int nodeId, long counter, long nowNanos) {
        Seen s = seen.compute(nodeId, (id, old) -> old == null || old.counter() != counter ? new Seen(counter, nowNanos) : old);
        return nowNanos - s.sinceNanos() > sessionTimeoutNanos;
    }
}
