package io.partita.web.records;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A page of a record search. Immutable.
 *
 * @param records    the records found, newest first (or oldest first), at most the limit
 * @param partitions where the search stopped in each partition searched
 * @param cursor     what to pass as {@code cursor} for the next page, null when every partition was read to its end
 * @param scanned    how many records were read
 * @param stoppedBy  why it stopped: limit (enough found), scan (maxScan records read), time (maxMillis passed) or
 *                   end (all read)
 * @param tookMs     how long the search took
 */
public record RecordSearchResult(List<RecordView> records, List<Position> partitions, String cursor, long scanned,
                                 String stoppedBy, long tookMs) {

    /**
     * Where a search stopped in a partition.
     *
     * @param partition the partition
     * @param next      the offset the next page starts at: the next to read (oldest first), or the one after the
     *                  next to read (newest first)
     * @param done      whether the partition's range is all read and returned
     */
    public record Position(int partition, long next, boolean done) {
    }

    /** {@code partition:next} of the partitions not done, comma-separated; null when all are. */
    static String cursor(List<Position> positions) {
        String cursor = positions.stream().filter(position -> !position.done())
                .map(position -> position.partition() + ":" + position.next()).collect(Collectors.joining(","));
        return cursor.isEmpty() ? null : cursor;
    }
}
