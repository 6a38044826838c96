package io.partita.engine.txn;

import io.partita.engine.coordinator.RecordBytes;
import org.apache.kafka.common.TopicPartition;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and values of Partita's records in {@code __transaction_state}: our own format (Kafka's lives in its
 * broker). Big-endian; every key and value starts with its version, so that later versions can be told apart.
 *
 * <pre>
 * key      := int16 keyVersion (0) · string transactionalId
 * value    := absent (a tombstone: the id expired) | int16 valueVersion (0) · payload
 * value v0 := int64 producerId · int16 producerEpoch · int32 timeoutMs · int8 state · int64 txnStartTimestampMs
 *             · int64 txnLastUpdateTimestampMs · int32 partitionCount · (string topic · int32 partition)*
 * state    := 0 Empty, 1 Ongoing, 2 PrepareCommit, 3 PrepareAbort, 4 CompleteCommit, 5 CompleteAbort, 6 Dead
 * string   := int16 length · UTF-8 bytes
 * </pre>
 *
 * Every record holds the whole state of its id, so compaction keeps the latest one and replay needs no other.
 * Stateless.
 */
final class TransactionLogRecords {

    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;

    private TransactionLogRecords() {
    }

    static byte[] key(String transactionalId) {
        return RecordBytes.of(out -> {
            out.writeShort(KEY_VERSION);
            string(out, transactionalId);
        });
    }

    static byte[] value(TransactionMetadata m) {
        return RecordBytes.of(out -> {
            out.writeShort(VALUE_VERSION);
            out.writeLong(m.producerId());
            out.writeShort(m.producerEpoch());
            out.writeInt(m.timeoutMs());
            out.writeByte(m.state().id());
            out.writeLong(m.txnStartTimestampMs());
            out.writeLong(m.txnLastUpdateTimestampMs());
            out.writeInt(m.partitions().size());
            for (TopicPartition tp : m.partitions()) {
                string(out, tp.topic());
                out.writeInt(tp.partition());
            }
        });
    }

    /** @throws IllegalArgumentException for a key of a version this code does not know */
    static String readKey(ByteBuffer key) {
        ByteBuffer b = key.duplicate();
        short version = b.getShort();
        if (version != KEY_VERSION) throw new IllegalArgumentException("unknown key version " + version);
        return readString(b);
    }

    /** @throws IllegalArgumentException for a value of a version this code does not know */
    static TransactionMetadata readValue(String transactionalId, ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        short version = b.getShort();
        if (version != VALUE_VERSION) throw new IllegalArgumentException("unknown value version " + version);
        long producerId = b.getLong();
        short epoch = b.getShort();
        int timeoutMs = b.getInt();
        TransactionState state = TransactionState.ofId(b.get());
        long start = b.getLong();
        long lastUpdate = b.getLong();
        int count = b.getInt();
        List<TopicPartition> partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            partitions.add(new TopicPartition(readString(b), b.getInt()));
        }
        return new TransactionMetadata(transactionalId, producerId, epoch, timeoutMs, state, java.util.Set.copyOf(partitions), start, lastUpdate);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > Short.MAX_VALUE) throw new IllegalArgumentException("string of " + utf8.length + " bytes is too long to store");
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer b) {
        byte[] utf8 = new byte[b.getShort()];
        b.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
