package io.partita.engine.protocol;

import io.partita.engine.share.AcquiredRange;
import io.partita.engine.share.BatchSpan;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcquiredBatchesTest {

    /** Four batches of five records: offsets 0-4, 5-9, 10-14, 15-19. */
    private static MemoryRecords fourBatches() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (int b = 0; b < 4; b++) {
            MemoryRecords batch = MemoryRecords.withRecords(b * 5L, Compression.NONE, new SimpleRecord("a".getBytes()),
                    new SimpleRecord("b".getBytes()), new SimpleRecord("c".getBytes()), new SimpleRecord("d".getBytes()),
                    new SimpleRecord("e".getBytes()));
            buffer.put(batch.buffer());
        }
        buffer.flip();
        return MemoryRecords.readableRecords(buffer);
    }

    @Test
    void theWalkStopsAtTheBatchHoldingTheLastWantedOffset() {
        assertThat(AcquiredBatches.of(fourBatches(), 7, List.of()).spans())
                .containsExactly(new BatchSpan(0, 4, false), new BatchSpan(5, 9, false));
        assertThat(AcquiredBatches.of(fourBatches(), 100, List.of()).spans()).hasSize(4);
    }

    @Test
    void theAnswerCarriesTheBatchesFromTheFirstAcquiredRecordToTheLast() {
        AcquiredBatches read = AcquiredBatches.of(fourBatches(), 100, List.of());

        MemoryRecords answer = (MemoryRecords) read.covering(List.of(new AcquiredRange(6, 7, 1), new AcquiredRange(11, 11, 2)));

        assertThat(answer.batches()).extracting(batch -> batch.baseOffset()).containsExactly(5L, 10L);
    }
}
