package io.partita.engine.log;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The offset of the last record of each key seen, keys compared as bytes, filled until a memory budget is spent:
 * what a compaction keeps a record against.
 *
 * <p>Not thread-safe: one compaction's own.
 */
final class KeyOffsetMap {

    /** A rough per-entry cost on the heap besides the key bytes: hash-map node, ByteBuffer, array header, Long. */
    static final int ENTRY_OVERHEAD_BYTES = 112;

    private final long budgetBytes;
    private final Map<ByteBuffer, Long> offsets = new HashMap<>();
    private long usedBytes;

    KeyOffsetMap(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** Records {@code offset} as the latest of {@code key} (whose bytes are copied; its position is not moved). */
    void put(ByteBuffer key, long offset) {
        ByteBuffer copy = ByteBuffer.allocate(key.remaining()).put(key.duplicate()).flip();
        if (offsets.put(copy, offset) == null) usedBytes += copy.capacity() + ENTRY_OVERHEAD_BYTES;
    }

    /** The latest offset put for {@code key}, or -1. */
    long latestOffset(ByteBuffer key) {
        Long offset = offsets.get(key);
        return offset == null ? -1 : offset;
    }

    boolean isFull() {
        return usedBytes >= budgetBytes;
    }
}
