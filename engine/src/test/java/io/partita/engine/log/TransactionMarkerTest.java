package io.partita.engine.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.marker;
import static io.partita.engine.log.TestBatches.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commit and abort markers written by the coordinator, and how they change a producer's transaction state. */
class TransactionMarkerTest {

    private static final long PID = 77L;

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("orders", 0)).openBeforeEach();

    private LogAppendInfo append(MemoryRecords records) throws IOException {
        return fixture.log().appendAsLeader(records, 2);
    }

    private LogAppendInfo coordinator(MemoryRecords marker) throws IOException {
        return fixture.log().appendAsLeader(marker, 2, AppendOrigin.COORDINATOR);
    }

    @Test
    void aClientCannotWriteAMarkerButTheCoordinatorCan() throws IOException {
        append(transactional(PID, (short) 0, 0, NOW, "a"));

        assertThatThrownBy(() -> append(marker(PID, (short) 0, 1, true, NOW)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("control records");
        LogAppendInfo info = coordinator(marker(PID, (short) 0, 1, true, NOW));

        assertThat(info.firstOffset()).isEqualTo(1);
        assertThat(info.lastOffset()).isEqualTo(1);
        RecordBatch written = batches().get(1);
        assertThat(written.isControlBatch()).isTrue();
        assertThat(written.isTransactional()).isTrue();
        assertThat(written.partitionLeaderEpoch()).isEqualTo(2);
        assertThat(fixture.log().logEndOffset()).isEqualTo(2);
    }

    @Test
    void aMarkerOfAnOlderProducerEpochIsFenced() throws IOException {
        append(transactional(PID, (short) 3, 0, NOW, "a"));

        assertThatThrownBy(() -> coordinator(marker(PID, (short) 2, 1, false, NOW)))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void aMarkerOfAnOlderCoordinatorEpochIsFenced() throws IOException {
        append(transactional(PID, (short) 0, 0, NOW, "a"));
        coordinator(marker(PID, (short) 0, 5, true, NOW));
        append(transactional(PID, (short) 0, 1, NOW, "b"));

        assertThatThrownBy(() -> coordinator(marker(PID, (short) 0, 4, true, NOW)))
                .isInstanceOf(TransactionCoordinatorFencedException.class);
        assertThat(coordinator(marker(PID, (short) 0, 5, false, NOW)).firstOffset()).isEqualTo(3);
    }

    @Test
    void aNonTransactionalBatchIsRefusedWhileTheProducersTransactionIsOpen() throws IOException {
        append(transactional(PID, (short) 0, 0, NOW, "a"));

        assertThatThrownBy(() -> append(idempotent(PID, (short) 0, 1, NOW, "b")))
                .isInstanceOf(InvalidTxnStateException.class);
        coordinator(marker(PID, (short) 0, 0, true, NOW));
        assertThat(append(idempotent(PID, (short) 0, 1, NOW, "b")).firstOffset()).isEqualTo(2);
    }

    @Test
    void aMarkerWithABumpedEpochRestartsTheSequenceAtZero() throws IOException {
        append(transactional(PID, (short) 0, 0, NOW, "a", "b"));
        coordinator(marker(PID, (short) 1, 0, true, NOW));

        assertThatThrownBy(() -> append(transactional(PID, (short) 0, 2, NOW, "late")))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> append(transactional(PID, (short) 1, 2, NOW, "c")))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append(transactional(PID, (short) 1, 0, NOW, "c")).firstOffset()).isEqualTo(3);
    }

    private List<RecordBatch> batches() {
        List<RecordBatch> batches = new ArrayList<>();
        try {
            fixture.log().read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().batches().forEach(batches::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return batches;
    }
}
