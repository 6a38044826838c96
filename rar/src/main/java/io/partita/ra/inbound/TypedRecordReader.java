package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterReason;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecord;
import io.partita.ra.api.TypedRecordListener;
import io.partita.ra.payload.Payloads;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

import java.util.Map;

/**
 * Turns a consumed record into what a {@link TypedRecordListener} (or {@link TypedBatchRecordListener}) is called
 * with: its key and value through the activation's deserializers (the bean's declared types, or
 * {@code keyDeserializer} / {@code valueDeserializer}), the rest into a {@link RecordContext}.
 *
 * <p>One per consumer loop, as Kafka gives each consumer its own deserializers: confined to the loop's thread.
 * {@link #close()} closes the deserializers (logging, not throwing, a failure to).
 */
final class TypedRecordReader implements AutoCloseable {

    private final Deserializer<?> keys;
    private final Deserializer<?> values;

    private TypedRecordReader(Deserializer<?> keys, Deserializer<?> values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * @param loader  the bean's class loader: deserializer classes are the application's to name
     * @param configs the consumer's configs, which configure the deserializers
     * @throws InvalidPropertyException when a deserializer class cannot be had, or a type is undeclared without one
     */
    static TypedRecordReader create(ListenerTypes types, PartitaActivationSpec spec, ClassLoader loader,
                                    Map<String, Object> configs) throws InvalidPropertyException {
        Deserializer<?> keys = Payloads.deserializer("keyDeserializer", spec.keyDeserializerClass(), types.key(),
                loader, configs, true);
        try {
            return new TypedRecordReader(keys, Payloads.deserializer("valueDeserializer",
                    spec.valueDeserializerClass(), types.value(), loader, configs, false));
        } catch (InvalidPropertyException | RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /** @throws UnreadableRecordException when the key or the value cannot be deserialized */
    TypedRecord<Object, Object> read(ConsumerRecord<byte[], byte[]> record) throws UnreadableRecordException {
        Object key = deserialize(keys, record, record.key(), DeadLetterReason.KEY_DESERIALIZATION_FAILED);
        Object value = deserialize(values, record, record.value(), DeadLetterReason.VALUE_DESERIALIZATION_FAILED);
        return new TypedRecord<>(value, new RecordContext<>(key, record.headers(), record.topic(), record.partition(),
                record.offset(), record.timestamp(), record.deliveryCount()));
    }

    @Override
    public void close() {
        Utils.closeQuietly(keys, "key deserializer");
        Utils.closeQuietly(values, "value deserializer");
    }

    private static Object deserialize(Deserializer<?> deserializer, ConsumerRecord<byte[], byte[]> record, byte[] data,
                                      DeadLetterReason failure) throws UnreadableRecordException {
        try {
            return deserializer.deserialize(record.topic(), record.headers(), data);
        } catch (RuntimeException e) {
            throw new UnreadableRecordException(failure, e);
        }
    }
}
