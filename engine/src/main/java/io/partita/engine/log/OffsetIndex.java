package io.partita.engine.log;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of one segment: 8-byte entries of (offset relative to the segment's base offset, byte
 * position in the data file), offsets and positions both strictly increasing. An entry (o, p) means the batch
 * starting at p contains o as its last offset, so a scan for any offset at or after o may start at p.
 *
 * <p>Thread-safety as {@link MappedIndex}.
 */
final class OffsetIndex extends MappedIndex {

    static final int ENTRY_SIZE = 8;

    OffsetIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    void append(long offset, int position) throws IOException {
        int relative = relativeOffset(offset);
        appendEntry((b, at) -> {
            b.putInt(at, relative);
            b.putInt(at + 4, position);
        });
    }

    /** Where to start scanning for {@code targetOffset}: the last entry at or before it, else the segment start. */
    OffsetPosition lookup(long targetOffset) {
        int n = largestAtMost(targetOffset - baseOffset());
        return n < 0 ? new OffsetPosition(baseOffset(), 0) : entry(n);
    }

    /** The last indexed batch start at or before {@code position}, or 0 (the first batch) when there is none. */
    int lastPositionAtMost(int position) {
        int n = largestAtMost(position, (b, i) -> b.getInt(entryPosition(i) + 4));
        return n < 0 ? 0 : buffer().getInt(entryPosition(n) + 4);
    }

    @Override
    protected long keyAt(MappedByteBuffer buffer, int n) {
        return buffer.getInt(entryPosition(n));
    }

    @Override
    protected void checkEntry(MappedByteBuffer buffer, int n) {
        int position = buffer.getInt(entryPosition(n) + 4);
        if (n > 0 && position <= buffer.getInt(entryPosition(n - 1) + 4)) {
            throw new CorruptIndexException("Offset index " + file() + " has non-increasing position " + position
                    + " at entry " + n);
        }
    }

    private OffsetPosition entry(int n) {
        MappedByteBuffer b = buffer();
        return new OffsetPosition(baseOffset() + b.getInt(entryPosition(n)), b.getInt(entryPosition(n) + 4));
    }
}
