package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

/** Every combination of start offset, byte limit and offset bound against a plain model of the batches appended. */
class ReadBoundsTest {

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("bounds", 0));
    private List<Long> segmentBases;

    private record Appended(long baseOffset, long lastOffset, int size) {
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 50, 4096})
    void readsExactlyTheWholeBatchesThatFit(int indexInterval) throws IOException {
        PartitionLog log = fixture.open(Map.of("index.interval.bytes", String.valueOf(indexInterval), "segment.bytes", "2000"));
        List<Appended> appended = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String[] values = new String[1 + i % 3];
            for (int v = 0; v < values.length; v++) values[v] = "x".repeat(5 + (i * 7 + v) % 23);
            LogAppendInfo info = log.appendAsLeader(batch(NOW, values), 0);
            appended.add(new Appended(info.firstOffset(), info.lastOffset(), batch(NOW, values).sizeInBytes()));
        }
        long end = log.logEndOffset();
        segmentBases = fixture.segmentBaseOffsets();
        assertThat(segmentBases).hasSizeGreaterThan(1);

        for (long fetch = 0; fetch < end; fetch += 3) {
            for (long bound : new long[]{fetch, fetch + 1, fetch + 5, end}) {
                for (int maxBytes = 0; maxBytes < 700; maxBytes += 37) {
                    for (boolean minOne : new boolean[]{true, false}) {
                        List<Long> expected = expectedBatches(appended, fetch, maxBytes, bound, minOne);
                        List<Long> actual = new ArrayList<>();
                        for (RecordBatch b : log.read(fetch, maxBytes, bound, minOne).records().batches()) actual.add(b.baseOffset());
                        assertThat(actual).as("fetch %d, maxBytes %d, bound %d, minOne %s", fetch, maxBytes, bound, minOne)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    /** The model: from the batch holding fetch, within its segment, below the bound, within maxBytes. */
    private List<Long> expectedBatches(List<Appended> appended, long fetch, int maxBytes, long bound, boolean minOne) {
        List<Long> result = new ArrayList<>();
        if (fetch >= bound) return result;
        long segmentEnd = segmentAfter(fetch);
        int total = 0;
        for (Appended a : appended) {
            if (a.lastOffset() < fetch) continue;
            if (a.baseOffset() >= bound || a.baseOffset() >= segmentEnd) break;
            if (total + a.size() > maxBytes && !(result.isEmpty() && minOne)) break;
            result.add(a.baseOffset());
            total += a.size();
        }
        return result;
    }

    private long segmentAfter(long offset) {
        return segmentBases.stream().filter(base -> base > offset).findFirst().orElse(Long.MAX_VALUE);
    }
}
