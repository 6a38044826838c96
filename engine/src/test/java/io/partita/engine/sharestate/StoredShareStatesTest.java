package io.partita.engine.sharestate;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.partita.engine.sharestate.StateBatch.ACKNOWLEDGED;
import static io.partita.engine.sharestate.StateBatch.AVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay of {@code __share_group_state} records: the state written is the state read back, from the encoded records,
 * also from what compaction leaves of them.
 */
class StoredShareStatesTest {

    private static final ShareStateKey KEY = new ShareStateKey("g", Uuid.randomUuid(), 0);

    /** Encoded records in log order, as a partition holds them. */
    private final List<byte[][]> log = new ArrayList<>();
    private final StoredShareStates live = new StoredShareStates();

    private void append(ShareStateRecords.Key key, ShareState value) {
        log.add(new byte[][]{ShareStateRecords.key(key), value == null ? null : ShareStateRecords.value(value)});
        live.apply(key, value);
    }

    private static StoredShareStates replay(List<byte[][]> records) {
        StoredShareStates states = new StoredShareStates();
        for (byte[][] record : records) {
            states.apply(ShareStateRecords.readKey(ByteBuffer.wrap(record[0])),
                    record[1] == null ? null : ShareStateRecords.readValue(ByteBuffer.wrap(record[1])));
        }
        return states;
    }

    /** What compaction keeps: the latest record of each key, in log order. */
    private static List<byte[][]> compacted(List<byte[][]> records) {
        Map<ByteBuffer, Integer> latest = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) latest.put(ByteBuffer.wrap(records.get(i)[0]), i);
        List<byte[][]> kept = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (latest.get(ByteBuffer.wrap(records.get(i)[0])) == i) kept.add(records.get(i));
        }
        return kept;
    }

    /** Writes offsets 0..n-1 acknowledged one at a time, a snapshot every {@code perSnapshot} updates. */
    private void acknowledgeOneByOne(int n, int perSnapshot) {
        append(ShareStateRecords.Key.snapshot(KEY), ShareState.initialized(1, 0, 0));
        for (int offset = 0; offset < n; offset++) {
            StoredShareStates.Entry current = live.get(KEY);
            ShareState write = ShareState.write(1, 0, -1, offset + 1,
                    List.of(new StateBatch(offset, offset, ACKNOWLEDGED, (short) 1)));
            if (current.updatesSinceSnapshot() >= perSnapshot) {
                append(ShareStateRecords.Key.snapshot(KEY), current.state().merged(write));
            } else {
                append(ShareStateRecords.Key.update(KEY, current.updatesSinceSnapshot()), write);
            }
        }
    }

    @Test
    void replayingTheRecordsGivesTheStateTheyWereWrittenFrom() {
        acknowledgeOneByOne(23, 5);

        ShareState expected = new ShareState(1, 0, 0, 23, List.of(new StateBatch(0, 22, ACKNOWLEDGED, (short) 1)));
        assertThat(live.get(KEY).state()).isEqualTo(expected);
        assertThat(replay(log).get(KEY)).isEqualTo(live.get(KEY));
    }

    @Test
    void replayingWhatCompactionKeptGivesTheSameState() {
        acknowledgeOneByOne(23, 5);
        append(ShareStateRecords.Key.update(KEY, live.get(KEY).updatesSinceSnapshot()),
                ShareState.write(1, 2, 20, 3, List.of(new StateBatch(30, 31, AVAILABLE, (short) 2))));

        List<byte[][]> kept = compacted(log);

        assertThat(kept.size()).isLessThan(log.size());
        assertThat(replay(kept).get(KEY)).isEqualTo(live.get(KEY));
    }

    @Test
    void aDeletedStateStaysDeletedOnceCompactionDroppedItsTombstone() {
        acknowledgeOneByOne(7, 5);
        append(ShareStateRecords.Key.snapshot(KEY), null);
        List<byte[][]> withoutTombstones = compacted(log).stream().filter(record -> record[1] != null).toList();

        assertThat(live.get(KEY)).isNull();
        assertThat(replay(withoutTombstones).get(KEY)).as("leftover updates have no snapshot to apply to").isNull();
    }
}
