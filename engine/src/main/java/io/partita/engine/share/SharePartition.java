package io.partita.engine.share;

import io.partita.engine.sharestate.ShareState;
import io.partita.engine.sharestate.StateBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One share group's view of one topic partition (KIP-932): which of its records are in flight and how far they got.
 *
 * <p>The start offset (Kafka's SPSO) is the lowest offset not yet done; the end offset (SPEO) the lowest never
 * acquired. Every offset in between belongs to exactly one {@link Range} of one state: the ranges are contiguous
 * from the start offset to the end offset, and the first is never terminal (done records at the front are dropped
 * and the start offset moves past them). Records below the start offset are done; records at or beyond the end
 * offset were never delivered.
 *
 * <p>A record is acquired by one member with a lock of {@code share.record.lock.duration.ms}; each acquisition counts
 * a delivery. The member accepts it (ACKNOWLEDGED), rejects it (ARCHIVED), or releases it (AVAILABLE again, or
 * ARCHIVED once it was delivered {@code share.delivery.count.limit} times); an expired lock, or the member's session
 * ending, releases it too. At most {@code group.share.partition.max.record.locks} offsets past the start offset are in
 * flight: beyond that nothing new is acquired until the front is done (records released meanwhile still are).
 *
 * <p>Thread-safe: every method holds the instance's lock; none blocks or does I/O.
 */
public final class SharePartition {

    /** Offsets {@code first..last} in one state. Mutable, confined to the partition's lock. */
    private static final class Range {
        long first;
        long last;
        RecordState state;
        int deliveryCount;
        String owner;
        long lockDeadline;

        Range(long first, long last, RecordState state, int deliveryCount, String owner, long lockDeadline) {
            this.first = first;
            this.last = last;
            this.state = state;
            this.deliveryCount = deliveryCount;
            this.owner = owner;
            this.lockDeadline = lockDeadline;
        }

        Range tailFrom(long offset) {
            Range tail = new Range(offset, last, state, deliveryCount, owner, lockDeadline);
            last = offset - 1;
            return tail;
        }

        boolean sameAs(Range other) {
            return state == other.state && deliveryCount == other.deliveryCount && lockDeadline == other.lockDeadline
                    && java.util.Objects.equals(owner, other.owner);
        }

        long size() {
            return last - first + 1;
        }
    }

    /** What an acknowledgement came to. */
    public enum AckOutcome {
        ACKNOWLEDGED,
        /** Some offset was not acquired by this member (never, no longer, or by another): nothing changed. */
        INVALID_RECORD_STATE,
        /** The types do not fit the offsets (neither one type nor one per offset): nothing changed. */
        INVALID_REQUEST
    }

    /** Counts of the records in flight, by state, and where the partition stands. */
    public record Snapshot(long startOffset, long endOffset, long available, long acquired, long acknowledged,
                           long archived) {
    }

    /** The group's settings as of the last fetch: a changed lock duration applies to records acquired after it. */
    private SharePartitionConfig config;
    private final NavigableMap<Long, Range> ranges = new TreeMap<>();
    private long startOffset;
    private long endOffset;

    /** @param startOffset where the group starts reading the partition (by {@code share.auto.offset.reset}) */
    public SharePartition(SharePartitionConfig config, long startOffset) {
        this.config = config;
        this.startOffset = startOffset;
        this.endOffset = startOffset;
    }

    /**
     * The share partition as its durable state left it: offsets the state holds as available, acknowledged or
     * archived are so again, with their delivery counts (records acquired when the state was last written were
     * written as available); offsets between its batches are offered again as never delivered; the end offset is
     * where its last batch ends.
     *
     * @param state an initialized state (its start offset known)
     */
    public static SharePartition restored(SharePartitionConfig config, ShareState state) {
        if (state.startOffset() < 0) throw new IllegalArgumentException("share partition state without a start offset");
        SharePartition partition = new SharePartition(config, state.startOffset());
        for (StateBatch batch : state.batches()) {
            if (batch.lastOffset() < partition.endOffset) continue;
            long first = Math.max(batch.firstOffset(), partition.endOffset);
            if (first > partition.endOffset) {
                partition.append(new Range(partition.endOffset, first - 1, RecordState.AVAILABLE, 0, null, 0));
            }
            partition.append(new Range(first, batch.lastOffset(), RecordState.of(batch.deliveryState()),
                    batch.deliveryCount(), null, 0));
        }
        partition.trimStart();
        partition.coalesce();
        return partition;
    }

    /**
     * The whole of this partition's state as one write of the share coordinator's: the start offset and every offset
     * in flight, acquired records as available (a lock does not outlive this leader) with their delivery counts, and
     * how many of them are acknowledged or archived (KIP-1226's delivery-complete count, which the lag is counted
     * from). Writing it over any earlier write gives this state, so a later write makes every earlier one redundant.
     */
    public synchronized ShareState stateWrite(int stateEpoch, int leaderEpoch) {
        List<StateBatch> batches = new ArrayList<>(ranges.size());
        long complete = 0;
        for (Range range : ranges.values()) {
            batches.add(new StateBatch(range.first, range.last, range.state.durable(),
                    (short) Math.min(Short.MAX_VALUE, range.deliveryCount)));
            if (range.state.isTerminal()) complete += range.size();
        }
        return ShareState.write(stateEpoch, leaderEpoch, startOffset, (int) Math.min(Integer.MAX_VALUE, complete), batches);
    }

    /** Takes the group's current settings (its group configs may have changed since the last fetch). */
    public synchronized void reconfigure(SharePartitionConfig current) {
        config = current;
    }

    /**
     * Where the next fetch should read from: the lowest record offered again, else the end offset; -1 when nothing
     * can be acquired (none offered again and {@code max.record.locks} in flight).
     */
    public synchronized long nextFetchOffset() {
        for (Range range : ranges.values()) {
            if (range.state == RecordState.AVAILABLE) return range.first;
        }
        return atLockLimit() ? -1 : endOffset;
    }

    /** The lowest offset never acquired (Kafka's SPEO). */
    public synchronized long endOffset() {
        return endOffset;
    }

    /**
     * Acquires for {@code member} what it may have of the batches a fetch read (in offset order): the records offered
     * again and those never delivered, skipping what others hold or what is done. Stops once {@code maxRecords} are
     * acquired: after the whole batch that reached it, or exactly there with {@code strictLimit} (Kafka's
     * record-limit acquire mode). A withheld batch (a transaction marker's, an aborted transaction's) is never given out:
     * it is done at once.
     *
     * @return the acquired offsets in order, adjacent ones of the same delivery count merged
     */
    public synchronized List<AcquiredRange> acquire(String member, List<BatchSpan> batches, int maxRecords,
                                                    boolean strictLimit, long now) {
        List<AcquiredRange> acquired = new ArrayList<>();
        long deadline = now + config.lockDurationMs();
        long count = 0;
        for (BatchSpan batch : batches) {
            if (count >= maxRecords) break;
            if (batch.lastOffset() < startOffset) continue;
            long from = Math.max(batch.baseOffset(), startOffset);
            if (from < endOffset && !batch.withheld()) {
                long upTo = Math.min(batch.lastOffset(), endOffset - 1);
                count += acquireOffered(member, from, upTo, strictLimit ? maxRecords - count : Long.MAX_VALUE,
                        deadline, acquired);
            }
            if (batch.lastOffset() >= endOffset) {
                if (atLockLimit() || count >= maxRecords) break;
                // Offsets between two batches hold no record (compacted away): nothing to deliver there.
                if (from > endOffset) append(new Range(endOffset, from - 1, RecordState.ARCHIVED, 0, null, 0));
                long first = Math.max(from, endOffset);
                if (batch.withheld()) {
                    append(new Range(first, batch.lastOffset(), RecordState.ARCHIVED, 0, null, 0));
                } else {
                    long last = strictLimit ? Math.min(batch.lastOffset(), first + (maxRecords - count) - 1)
                            : batch.lastOffset();
                    append(new Range(first, last, RecordState.ACQUIRED, 1, member, deadline));
                    add(acquired, first, last, 1);
                    count += last - first + 1;
                }
            }
        }
        trimStart();
        return acquired;
    }

    /**
     * Applies a member's acknowledgement of {@code first..last}: one type for all of them, or one per offset. Every
     * offset must be acquired by that member, or nothing changes.
     */
    public synchronized AckOutcome acknowledge(String member, long first, long last, List<AcknowledgeType> types,
                                               long now) {
        if (last < first || (types.size() != 1 && types.size() != last - first + 1)) return AckOutcome.INVALID_REQUEST;
        if (!acquiredBy(member, first, last)) return AckOutcome.INVALID_RECORD_STATE;
        if (types.size() == 1) {
            apply(first, last, types.get(0), now);
        } else {
            long runStart = first;
            for (long offset = first + 1; offset <= last + 1; offset++) {
                if (offset > last || types.get((int) (offset - first)) != types.get((int) (runStart - first))) {
                    apply(runStart, offset - 1, types.get((int) (runStart - first)), now);
                    runStart = offset;
                }
            }
        }
        trimStart();
        coalesce();
        return AckOutcome.ACKNOWLEDGED;
    }

    /** Releases the records whose lock expired by {@code now}; how many. */
    public synchronized long releaseExpired(long now) {
        return releaseAcquired(range -> range.lockDeadline <= now);
    }

    /** Releases every record {@code member} holds: its share session ended. How many. */
    public synchronized long releaseAll(String member) {
        return releaseAcquired(range -> member.equals(range.owner));
    }

    /** The log's start moved to {@code logStartOffset} (retention, deleted records): what is gone is done. */
    public synchronized void logStartMoved(long logStartOffset) {
        if (logStartOffset <= startOffset) return;
        splitAt(logStartOffset);
        ranges.headMap(logStartOffset, false).clear();
        startOffset = logStartOffset;
        endOffset = Math.max(endOffset, logStartOffset);
        trimStart();
    }

    public synchronized Snapshot snapshot() {
        long[] byState = new long[RecordState.values().length];
        for (Range range : ranges.values()) byState[range.state.ordinal()] += range.size();
        return new Snapshot(startOffset, endOffset, byState[RecordState.AVAILABLE.ordinal()],
                byState[RecordState.ACQUIRED.ordinal()], byState[RecordState.ACKNOWLEDGED.ordinal()],
                byState[RecordState.ARCHIVED.ordinal()]);
    }

    private long releaseAcquired(Predicate<Range> which) {
        long released = 0;
        for (Range range : ranges.values()) {
            if (range.state == RecordState.ACQUIRED && which.test(range)) {
                release(range);
                released += range.size();
            }
        }
        if (released > 0) {
            trimStart();
            coalesce();
        }
        return released;
    }

    private boolean atLockLimit() {
        return endOffset - startOffset >= config.maxRecordLocks();
    }

    /** Acquires the offered records of {@code from..upTo}, at most {@code budget} of them; how many. */
    private long acquireOffered(String member, long from, long upTo, long budget, long deadline,
                                List<AcquiredRange> acquired) {
        long count = 0;
        Long key = ranges.floorKey(from);
        Iterator<Range> overlapping = ranges.tailMap(key == null ? from : key, true).values().iterator();
        List<Range> offered = new ArrayList<>();
        while (overlapping.hasNext()) {
            Range range = overlapping.next();
            if (range.first > upTo) break;
            if (range.state == RecordState.AVAILABLE) offered.add(range);
        }
        for (Range range : offered) {
            if (count >= budget) break;
            long first = Math.max(range.first, from);
            long last = Math.min(range.last, upTo);
            if (budget - count < last - first + 1) last = first + (budget - count) - 1;
            splitAt(first);
            splitAt(last + 1);
            Range taken = ranges.get(first);
            taken.state = RecordState.ACQUIRED;
            taken.deliveryCount++;
            taken.owner = member;
            taken.lockDeadline = deadline;
            add(acquired, first, last, taken.deliveryCount);
            count += last - first + 1;
        }
        return count;
    }

    private boolean acquiredBy(String member, long first, long last) {
        if (first < startOffset || last >= endOffset) return false;
        long next = first;
        for (Range range : ranges.subMap(ranges.floorKey(first), true, last, true).values()) {
            if (range.state != RecordState.ACQUIRED || !member.equals(range.owner)) return false;
            next = range.last + 1;
        }
        return next > last;
    }

    private void apply(long first, long last, AcknowledgeType type, long now) {
        splitAt(first);
        splitAt(last + 1);
        for (Range range : ranges.subMap(first, true, last, true).values()) {
            switch (type) {
                case ACCEPT -> settle(range, RecordState.ACKNOWLEDGED);
                case REJECT, GAP -> settle(range, RecordState.ARCHIVED);
                case RELEASE -> release(range);
                case RENEW -> range.lockDeadline = now + config.lockDurationMs();
            }
        }
    }

    private void release(Range range) {
        settle(range, range.deliveryCount >= config.deliveryCountLimit() ? RecordState.ARCHIVED : RecordState.AVAILABLE);
    }

    private static void settle(Range range, RecordState state) {
        range.state = state;
        range.owner = null;
        range.lockDeadline = 0;
    }

    /** Makes a range start at {@code offset} when it falls inside one. */
    private void splitAt(long offset) {
        Map.Entry<Long, Range> containing = ranges.floorEntry(offset);
        if (containing == null || containing.getKey() == offset || containing.getValue().last < offset) return;
        ranges.put(offset, containing.getValue().tailFrom(offset));
    }

    private void append(Range range) {
        ranges.put(range.first, range);
        endOffset = range.last + 1;
    }

    /** Drops the done records at the front. */
    private void trimStart() {
        while (!ranges.isEmpty() && ranges.firstEntry().getValue().state.isTerminal()) {
            startOffset = ranges.pollFirstEntry().getValue().last + 1;
        }
        if (ranges.isEmpty()) startOffset = endOffset;
    }

    /** Merges neighbours in the same state, so a partition acknowledged record by record stays a few ranges. */
    private void coalesce() {
        Range previous = null;
        for (Iterator<Range> it = ranges.values().iterator(); it.hasNext(); ) {
            Range range = it.next();
            if (previous != null && previous.sameAs(range)) {
                previous.last = range.last;
                it.remove();
            } else {
                previous = range;
            }
        }
    }

    private static void add(List<AcquiredRange> acquired, long first, long last, int deliveryCount) {
        int end = acquired.size() - 1;
        if (end >= 0 && acquired.get(end).last() == first - 1 && acquired.get(end).deliveryCount() == deliveryCount) {
            acquired.set(end, new AcquiredRange(acquired.get(end).first(), last, deliveryCount));
        } else {
            acquired.add(new AcquiredRange(first, last, deliveryCount));
        }
    }
}
