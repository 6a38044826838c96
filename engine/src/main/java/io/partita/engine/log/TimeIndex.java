package io.partita.engine.log;

import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The sparse time index of one segment: 12-byte entries of (timestamp, offset relative to the segment's base
 * offset), both strictly increasing. An entry (t, o) says the largest timestamp among the records up to and
 * including o is t, so a record with a timestamp above t can only come after o.
 *
 * <p>Thread-safety as {@link MappedIndex}.
 */
final class TimeIndex extends MappedIndex {

    static final int ENTRY_SIZE = 12;

    TimeIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /** Adds (timestamp, offset) when it raises the largest timestamp indexed so far. */
    void maybeAppend(long timestamp, long offset) throws IOException {
        TimestampOffset last = lastEntry();
        if (timestamp <= last.timestamp() || (entries() > 0 && offset <= last.offset())) return;
        int relative = relativeOffset(offset);
        appendEntry((b, at) -> {
            b.putLong(at, timestamp);
            b.putInt(at + 8, relative);
        });
    }

    /** The last entry, or (no timestamp, base offset) when there is none. */
    TimestampOffset lastEntry() {
        int n = entries() - 1;
        return n < 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset()) : entry(n);
    }

    /** The last entry whose timestamp is strictly below {@code timestamp}; empty-handed: (no timestamp, base offset). */
    TimestampOffset lastEntryBefore(long timestamp) {
        int n = timestamp == Long.MIN_VALUE ? -1 : largestAtMost(timestamp - 1);
        return n < 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset()) : entry(n);
    }

    @Override
    protected long keyAt(MappedByteBuffer buffer, int n) {
        return buffer.getLong(entryPosition(n));
    }

    @Override
    protected void checkEntry(MappedByteBuffer buffer, int n) {
        int relative = buffer.getInt(entryPosition(n) + 8);
        if (relative < 0 || (n > 0 && relative <= buffer.getInt(entryPosition(n - 1) + 8))) {
            throw new CorruptIndexException("Time index " + file() + " has non-increasing offset at entry " + n);
        }
    }

    private TimestampOffset entry(int n) {
        MappedByteBuffer b = buffer();
        return new TimestampOffset(b.getLong(entryPosition(n)), baseOffset() + b.getInt(entryPosition(n) + 8));
    }
}
