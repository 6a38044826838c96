package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.offsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Leader and follower appends on real segment files, with the producer state and epochs the test holds. */
class LogAppenderTest {

    private static final TopicPartition TP = new TopicPartition("appended", 0);

    @TempDir
    Path dir;

    private final ProducerStateTable producers = new ProducerStateTable();
    private final LeaderEpochCache epochs = new LeaderEpochCache();
    private LocalLogFixture log;
    private LogAppender appender;

    @AfterEach
    void close() throws IOException {
        log.local.close(false);
    }

    private void open() throws IOException {
        log = new LocalLogFixture(dir, Map.of());
        appender = new LogAppender(TP, log.local, log.segments, producers, epochs, new LogFailure(TP, dir, () -> { }));
    }

    private LogAppendInfo asLeader(MemoryRecords records, int leaderEpoch) throws IOException {
        return appender.asLeader(records, leaderEpoch, AppendOrigin.CLIENT, log.config, log.clock.millis(), 0);
    }

    @Test
    void aLeaderAppendTakesTheNextOffsetsAndStampsItsEpoch() throws IOException {
        open();
        asLeader(batch(NOW, "a", "b"), 3);

        LogAppendInfo info = asLeader(batch(NOW, "c"), 4);

        assertThat(info.firstOffset()).isEqualTo(2);
        assertThat(info.lastOffset()).isEqualTo(2);
        assertThat(epochs.entries()).isEqualTo(Map.of(3, 0L, 4, 2L));
        var read = log.local.read(log.local.end(), 0, 1 << 20, Long.MAX_VALUE, true).orElseThrow();
        assertThat(offsets(read)).containsExactly(0L, 1L, 2L);
        assertThat(read.batches()).extracting(RecordBatch::partitionLeaderEpoch).containsExactly(3, 4);
    }

    @Test
    void aProducerRetryGetsTheOriginalOffsetsAndWritesNothing() throws IOException {
        open();
        asLeader(idempotent(5L, (short) 0, 0, NOW, "a"), 0);
        asLeader(idempotent(5L, (short) 0, 1, NOW, "b"), 0);

        LogAppendInfo retry = asLeader(idempotent(5L, (short) 0, 0, NOW, "a"), 0);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isZero();
        assertThat(log.endOffset()).isEqualTo(2);
    }

    @Test
    void aLeaderEpochOlderThanTheLogsLatestIsFencedBeforeAnythingIsWritten() throws IOException {
        open();
        asLeader(batch(NOW, "a"), 5);

        assertThatThrownBy(() -> asLeader(batch(NOW, "b"), 4)).isInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(log.endOffset()).isEqualTo(1);
    }

    @Test
    void aFollowerAppendKeepsTheLeadersOffsetsAndEpochs() throws IOException {
        open();
        MemoryRecords fromLeader = TestBatches.atOffset(0, batch(NOW, "a", "b"));
        fromLeader.batches().forEach(b -> b.setPartitionLeaderEpoch(7));

        LogAppendInfo info = appender.asFollower(fromLeader, log.config, 0);

        assertThat(info.lastOffset()).isEqualTo(1);
        assertThat(log.endOffset()).isEqualTo(2);
        assertThat(epochs.latestEpoch()).hasValue(7);
        assertThat(producers.entries()).isEmpty();
    }
}
