package io.partita.engine.txn;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The coordinator's loaded state: what replay, loading and leadership changes make of it. */
class LoadedTransactionsTest {

    private final InMemoryTransactionStore store = new InMemoryTransactionStore(2, Runnable::run);
    private final LoadedTransactions loaded = new LoadedTransactions(store);

    @Test
    void loadingReplaysEveryRecordInOrderAndATombstoneForgets() {
        TransactionMetadata first = TransactionMetadata.fresh("kept", 1, (short) 0, 1000, 10);
        TransactionMetadata second = first.withProducer(1, (short) 1, 1000, 20);
        store.append(TransactionRecord.of(first));
        store.append(TransactionRecord.of(second));
        store.append(TransactionRecord.of(TransactionMetadata.fresh("gone", 2, (short) 0, 1000, 10)));
        store.append(TransactionRecord.tombstone("gone"));

        assertThat(loaded.followLeadership()).containsExactly(second);
        assertThat(loaded.get("kept")).isEqualTo(second);
        assertThat(loaded.get("gone")).isNull();
        assertThat(loaded.followLeadership()).as("loaded once").isEmpty();
    }

    @Test
    void aRecordIsReplayedOnlyAtTheCoordinatorEpochItWasAppendedAt() {
        loaded.followLeadership();
        int epoch = loaded.coordinatorEpoch("tx");
        TransactionRecord record = TransactionRecord.of(TransactionMetadata.fresh("tx", 1, (short) 0, 1000, 10));

        store.resign(store.partitionOf("tx"));
        assertThat(loaded.replay(record, epoch)).isFalse();
        assertThat(loaded.get("tx")).isNull();

        store.lead(store.partitionOf("tx"));
        assertThat(loaded.coordinatorEpoch("tx")).as("led again, but not loaded at that epoch yet").isEqualTo(-1);
        loaded.followLeadership();
        int reloaded = loaded.coordinatorEpoch("tx");
        assertThat(reloaded).isEqualTo(epoch + 2);
        assertThat(loaded.replay(record, reloaded)).isTrue();
        assertThat(loaded.get("tx")).isEqualTo(record.state());
    }

    @Test
    void aPartitionNoLongerLedIsForgotten() {
        store.append(TransactionRecord.of(TransactionMetadata.fresh("tx", 1, (short) 0, 1000, 10)));
        loaded.followLeadership();

        store.resign(store.partitionOf("tx"));
        loaded.followLeadership();

        assertThat(loaded.get("tx")).isNull();
        assertThat(loaded.all()).isEmpty();
    }

    @Test
    void aPartitionThatFailsToLoadShowsNothingAndLoadsLater() {
        TransactionMetadata ongoing = TransactionMetadata.fresh("tx", 1, (short) 0, 1000, 10)
                .withPartitions(Set.of(new TopicPartition("a", 0)), 20);
        store.append(TransactionRecord.of(TransactionMetadata.fresh("tx", 1, (short) 0, 1000, 10)));
        store.append(TransactionRecord.of(ongoing));
        store.readableRecords(1);

        loaded.followLeadership();
        assertThat(loaded.get("tx")).isNull();
        assertThat(loaded.coordinatorEpoch("tx")).isEqualTo(-1);

        store.readableRecords(-1);
        assertThat(loaded.followLeadership()).containsExactly(ongoing);
    }
}
