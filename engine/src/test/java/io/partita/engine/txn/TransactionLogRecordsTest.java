package io.partita.engine.txn;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The record format of {@code __transaction_state}: what is written reads back, and versions are checked. */
class TransactionLogRecordsTest {

    @Test
    void everyStateReadsBackWithItsPartitions() {
        for (TransactionState state : TransactionState.values()) {
            TransactionMetadata m = new TransactionMetadata("tx-✓", 77L, (short) 12, 60_000, state,
                    Set.of(new TopicPartition("a", 0), new TopicPartition("b", 3)), 1_700_000_000_000L, 1_700_000_000_500L);

            assertThat(TransactionLogRecords.readKey(ByteBuffer.wrap(TransactionLogRecords.key("tx-✓")))).isEqualTo("tx-✓");
            assertThat(TransactionLogRecords.readValue("tx-✓", ByteBuffer.wrap(TransactionLogRecords.value(m)))).isEqualTo(m);
        }
    }

    @Test
    void otherVersionsAreRefused() {
        byte[] key = TransactionLogRecords.key("tx");
        key[1] = 3;
        byte[] value = TransactionLogRecords.value(TransactionMetadata.fresh("tx", 1, (short) 0, 1000, 5));
        value[1] = 4;

        assertThatThrownBy(() -> TransactionLogRecords.readKey(ByteBuffer.wrap(key))).hasMessageContaining("version 3");
        assertThatThrownBy(() -> TransactionLogRecords.readValue("tx", ByteBuffer.wrap(value))).hasMessageContaining("version 4");
    }

    @Test
    void theCoordinatorPartitionFollowsKafkasRule() {
        assertThat(TransactionStateTopic.partitionFor("my-txn", 50)).isEqualTo(Math.abs("my-txn".hashCode()) % 50);
        assertThat(TransactionStateTopic.partitionFor("polygenelubricants", 50)).isZero();
    }
}
