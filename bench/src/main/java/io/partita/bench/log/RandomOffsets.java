package io.partita.bench.log;

import java.util.SplittableRandom;

/**
 * A fixed, seeded cycle of offsets drawn uniformly from {@code [0, bound)}: every run reads the same offsets, and
 * drawing one costs an array read rather than a random number generator. Not thread-safe.
 */
final class RandomOffsets {

    private static final int COUNT = 1 << 14;

    private final long[] offsets = new long[COUNT];
    private int next;

    RandomOffsets(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("The log is too small for its reads: bound " + bound);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < COUNT; i++) offsets[i] = random.nextLong(bound);
    }

    long next() {
        long offset = offsets[next];
        next = (next + 1) & (COUNT - 1);
        return offset;
    }
}
