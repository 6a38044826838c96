package io.partita.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexTest {

    private static final long BASE = 1000;

    @TempDir
    Path dir;

    @Test
    void offsetIndexFindsTheLastEntryAtOrBeforeAnOffset() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("a.index"), BASE, 8 * 100);
        for (int i = 1; i <= 50; i++) index.append(BASE + 10L * i, 100 * i);

        assertThat(index.lookup(BASE)).isEqualTo(new OffsetPosition(BASE, 0));
        assertThat(index.lookup(BASE + 9)).isEqualTo(new OffsetPosition(BASE, 0));
        assertThat(index.lookup(BASE + 10)).isEqualTo(new OffsetPosition(BASE + 10, 100));
        assertThat(index.lookup(BASE + 255)).isEqualTo(new OffsetPosition(BASE + 250, 2500));
        assertThat(index.lookup(Long.MAX_VALUE)).isEqualTo(new OffsetPosition(BASE + 500, 5000));
        assertThat(index.lastPositionAtMost(99)).isZero();
        assertThat(index.lastPositionAtMost(2599)).isEqualTo(2500);
        assertThat(index.lastPositionAtMost(Integer.MAX_VALUE)).isEqualTo(5000);
    }

    @Test
    void offsetIndexIsPreallocatedTrimmedAndReopenedWithItsEntries() throws IOException {
        Path file = dir.resolve("b.index");
        OffsetIndex index = new OffsetIndex(file, BASE, 8 * 100 + 5);
        assertThat(Files.size(file)).isEqualTo(800);
        index.append(BASE + 1, 10);
        index.append(BASE + 2, 20);
        index.trimToValidSize();
        assertThat(Files.size(file)).isEqualTo(16);
        assertThat(index.isFull()).isTrue();

        OffsetIndex reopened = new OffsetIndex(file, BASE, 800);
        assertThat(reopened.entries()).isEqualTo(2);
        reopened.resize(800);
        assertThat(reopened.isFull()).isFalse();
        reopened.append(BASE + 3, 30);
        assertThat(reopened.lookup(BASE + 3)).isEqualTo(new OffsetPosition(BASE + 3, 30));
        assertThat(reopened.lookup(BASE + 2)).isEqualTo(new OffsetPosition(BASE + 2, 20));
    }

    @Test
    void aFullIndexRefusesEntriesAndOffsetsOutsideItsRangeAreRejected() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("c.index"), BASE, 16);
        index.append(BASE + 1, 10);
        index.append(BASE + 2, 20);
        assertThat(index.isFull()).isTrue();
        assertThatThrownBy(() -> index.append(BASE + 3, 30)).isInstanceOf(IllegalStateException.class);
        OffsetIndex other = new OffsetIndex(dir.resolve("d.index"), BASE, 16);
        assertThatThrownBy(() -> other.append(BASE - 1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.append(BASE + Integer.MAX_VALUE + 1L, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sanityCheckRejectsAnIndexOfZerosOrOutOfOrderEntries() throws IOException {
        Path zeros = dir.resolve("zeros.index");
        Files.write(zeros, new byte[64]);
        assertThatThrownBy(() -> new OffsetIndex(zeros, BASE, 64).sanityCheck()).isInstanceOf(CorruptIndexException.class);

        OffsetIndex good = new OffsetIndex(dir.resolve("good.index"), BASE, 64);
        good.append(BASE + 1, 10);
        good.append(BASE + 5, 90);
        assertThatCode(good::sanityCheck).doesNotThrowAnyException();

        Path swapped = dir.resolve("swapped.index");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putInt(1).putInt(90).putInt(5).putInt(10);
        Files.write(swapped, b.array());
        assertThatThrownBy(() -> new OffsetIndex(swapped, BASE, 64).sanityCheck()).isInstanceOf(CorruptIndexException.class);
    }

    @Test
    void timeIndexKeepsOnlyRisingTimestampsAndFindsTheLastEntryBefore() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("a.timeindex"), BASE, 12 * 10);
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(-1, BASE));
        index.maybeAppend(100, BASE + 1);
        index.maybeAppend(100, BASE + 2);   // not a new maximum
        index.maybeAppend(90, BASE + 3);    // not a new maximum
        index.maybeAppend(200, BASE + 4);
        index.maybeAppend(300, BASE + 4);   // offset does not rise

        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(200, BASE + 4));
        assertThat(index.lastEntryBefore(100)).isEqualTo(new TimestampOffset(-1, BASE));
        assertThat(index.lastEntryBefore(101)).isEqualTo(new TimestampOffset(100, BASE + 1));
        assertThat(index.lastEntryBefore(200)).isEqualTo(new TimestampOffset(100, BASE + 1));
        assertThat(index.lastEntryBefore(Long.MAX_VALUE)).isEqualTo(new TimestampOffset(200, BASE + 4));
        assertThatCode(index::sanityCheck).doesNotThrowAnyException();
    }

    @Test
    void resetForgetsEveryEntry() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("r.timeindex"), BASE, 120);
        index.maybeAppend(5, BASE + 1);
        index.reset();
        assertThat(index.entries()).isZero();
        index.maybeAppend(3, BASE);
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(3, BASE));
    }
}
