package io.partita.engine.sharestate;

import io.partita.engine.coordinator.RecordBytes;
import org.apache.kafka.common.Uuid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and values of Partita's records in {@code __share_group_state}: our own format (Kafka's lives in its
 * broker). Big-endian; every key and value starts with its version, so that later versions can be told apart.
 *
 * <pre>
 * key       := int16 keyVersion (0) · int8 type · string groupId · int64 topicIdHigh · int64 topicIdLow
 *              · int32 partition · [type 1: int32 slot]
 *              type 0 = snapshot (the whole state), type 1 = update (one write since the snapshot; slot = how many
 *              updates of the share partition preceded it since its latest snapshot)
 * value     := absent (a tombstone: the state was deleted) | int16 valueVersion (0) · state
 * state     := int32 stateEpoch · int32 leaderEpoch · int64 startOffset · int32 deliveryCompleteCount
 *              · int32 batchCount · (int64 firstOffset · int64 lastOffset · int8 deliveryState · int16 deliveryCount)*
 *              a snapshot's is the whole state; an update's is a write (startOffset -1 = unchanged), applied to the
 *              state before it by {@link ShareState#merged}
 * string    := int16 length · UTF-8 bytes
 * </pre>
 *
 * Compaction keeps the latest record of each key, and that is enough to replay: the latest snapshot of a share
 * partition, then every update written after it (each under a slot of its own; a snapshot is written before the
 * slots run out). Updates of an older snapshot that compaction left are replayed before the latest snapshot, which
 * replaces what they made; an update with no snapshot before it is skipped. Stateless.
 */
final class ShareStateRecords {

    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;
    private static final byte SNAPSHOT = 0;
    private static final byte UPDATE = 1;

    private ShareStateRecords() {
    }

    /** What a record is about: the share partition and, for an update, its slot (-1 for a snapshot). */
    record Key(ShareStateKey shareKey, int slot) {

        static Key snapshot(ShareStateKey shareKey) {
            return new Key(shareKey, -1);
        }

        static Key update(ShareStateKey shareKey, int slot) {
            if (slot < 0) throw new IllegalArgumentException("update slot " + slot);
            return new Key(shareKey, slot);
        }

        boolean isSnapshot() {
            return slot < 0;
        }
    }

    static byte[] key(Key recordKey) {
        ShareStateKey key = recordKey.shareKey();
        return RecordBytes.of(out -> {
            out.writeShort(KEY_VERSION);
            out.writeByte(recordKey.isSnapshot() ? SNAPSHOT : UPDATE);
            byte[] groupId = key.groupId().getBytes(StandardCharsets.UTF_8);
            if (groupId.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("group id of " + groupId.length + " bytes is too long to store");
            }
            out.writeShort(groupId.length);
            out.write(groupId);
            out.writeLong(key.topicId().getMostSignificantBits());
            out.writeLong(key.topicId().getLeastSignificantBits());
            out.writeInt(key.partition());
            if (!recordKey.isSnapshot()) out.writeInt(recordKey.slot());
        });
    }

    static byte[] value(ShareState state) {
        return RecordBytes.of(out -> {
            out.writeShort(VALUE_VERSION);
            out.writeInt(state.stateEpoch());
            out.writeInt(state.leaderEpoch());
            out.writeLong(state.startOffset());
            out.writeInt(state.deliveryCompleteCount());
            out.writeInt(state.batches().size());
            for (StateBatch b : state.batches()) {
                out.writeLong(b.firstOffset());
                out.writeLong(b.lastOffset());
                out.writeByte(b.deliveryState());
                out.writeShort(b.deliveryCount());
            }
        });
    }

    /** @throws IllegalArgumentException for a key of an unknown version or type */
    static Key readKey(ByteBuffer key) {
        ByteBuffer b = key.duplicate();
        short version = b.getShort();
        if (version != KEY_VERSION) throw new IllegalArgumentException("unknown key version " + version);
        byte type = b.get();
        if (type != SNAPSHOT && type != UPDATE) throw new IllegalArgumentException("unknown key type " + type);
        byte[] groupId = new byte[b.getShort()];
        b.get(groupId);
        ShareStateKey shareKey = new ShareStateKey(new String(groupId, StandardCharsets.UTF_8),
                new Uuid(b.getLong(), b.getLong()), b.getInt());
        return new Key(shareKey, type == UPDATE ? b.getInt() : -1);
    }

    /** @throws IllegalArgumentException for a value of an unknown version or with a malformed batch */
    static ShareState readValue(ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        short version = b.getShort();
        if (version != VALUE_VERSION) throw new IllegalArgumentException("unknown value version " + version);
        int stateEpoch = b.getInt();
        int leaderEpoch = b.getInt();
        long startOffset = b.getLong();
        int deliveryCompleteCount = b.getInt();
        int count = b.getInt();
        List<StateBatch> batches = new ArrayList<>(Math.min(count, b.remaining() / 19));
        for (int i = 0; i < count; i++) {
            batches.add(new StateBatch(b.getLong(), b.getLong(), b.get(), b.getShort()));
        }
        return new ShareState(stateEpoch, leaderEpoch, startOffset, deliveryCompleteCount, batches);
    }
}
