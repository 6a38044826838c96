package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterReason;
import io.partita.ra.api.TypedRecord;
import jakarta.json.bind.JsonbException;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records read for a typed listener through real Kafka deserializers and real JSON-B (Yasson). */
class TypedRecordReaderTest {

    private static final ListenerTypes ORDERS = new ListenerTypes(String.class, ListenerTypesTest.Order.class);

    @Test
    void readsJsonValuesAsTheDeclaredTypeAndStringKeysAsText() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("source", "shop".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 2, 17, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 4, 29, bytes("o-17"), bytes("{\"item\":\"book\",\"quantity\":2}"),
                headers, Optional.empty());

        try (TypedRecordReader reader = reader(ORDERS, spec(), Map.of())) {
            TypedRecord<Object, Object> read = reader.read(record);

            assertThat(read.value()).isEqualTo(new ListenerTypesTest.Order("book", 2));
            assertThat(read.context().key()).isEqualTo("o-17");
            assertThat(read.context().headers()).isSameAs(headers);
            assertThat(List.of(read.context().topic(), read.context().partition(), read.context().offset(),
                    read.context().timestamp())).containsExactly("orders", 2, 17L, 1_700_000_000_000L);
        }
    }

    @Test
    void readsGenericTypesRawBytesAndRecordsWithoutKeyOrValue() throws Exception {
        try (TypedRecordReader lists = reader(ListenerTypes.of(ListenerTypesTest.OfLists.class), spec(), Map.of())) {
            TypedRecord<Object, Object> read = lists.read(record(new byte[] {1, 2}, "[{\"item\":\"pen\",\"quantity\":1}]"));

            assertThat(read.value()).isEqualTo(List.of(new ListenerTypesTest.Order("pen", 1)));
            assertThat((byte[]) read.context().key()).containsExactly(1, 2);
        }
        try (TypedRecordReader orders = reader(ORDERS, spec(), Map.of())) {
            TypedRecord<Object, Object> tombstone = orders.read(record(null, null));

            assertThat(tombstone.value()).isNull();
            assertThat(tombstone.context().key()).isNull();
        }
    }

    @Test
    void aValueThatIsNoDocumentOfTheTypeIsUnreadableWithJsonbsReason() throws Exception {
        try (TypedRecordReader reader = reader(ORDERS, spec(), Map.of())) {
            for (String malformed : List.of("{\"item\":\"book\",\"quantity\":", "{\"item\":\"book\",\"quantity\":\"many\"}",
                    "not json at all", "", "[1,2,3]", "<order id=\"5\"/>")) {
                assertThatThrownBy(() -> reader.read(record(bytes("k"), malformed))).as(malformed)
                        .isInstanceOfSatisfying(UnreadableRecordException.class, e ->
                                assertThat(e.reason()).isEqualTo(DeadLetterReason.VALUE_DESERIALIZATION_FAILED))
                        .cause().isInstanceOf(JsonbException.class);
            }
            // the reader goes on after a failure
            assertThat(reader.read(record(bytes("k"), "{\"item\":\"cup\",\"quantity\":3}")).value())
                    .isEqualTo(new ListenerTypesTest.Order("cup", 3));
        }
    }

    @Test
    void namedDeserializersReplaceTheDeclaredTypesAndTheirFailuresSayWhichPart() throws Exception {
        PartitaActivationSpec spec = spec();
        spec.setKeyDeserializer("org.apache.kafka.common.serialization.LongDeserializer");
        spec.setValueDeserializer(" org.apache.kafka.common.serialization.StringDeserializer ");
        byte[] key = new LongSerializer().serialize("t", 42L);

        try (TypedRecordReader reader = reader(ListenerTypes.of(ListenerTypesTest.Raw.class), spec, Map.of())) {
            TypedRecord<Object, Object> read = reader.read(record(key, "{not json, just text"));

            assertThat(read.context().key()).isEqualTo(42L);
            assertThat(read.value()).isEqualTo("{not json, just text");
            assertThatThrownBy(() -> reader.read(record(new byte[] {1, 2, 3}, "v")))
                    .isInstanceOfSatisfying(UnreadableRecordException.class, e ->
                            assertThat(e.reason()).isEqualTo(DeadLetterReason.KEY_DESERIALIZATION_FAILED))
                    .cause().isInstanceOf(SerializationException.class).hasMessageContaining("LongDeserializer");
        }
    }

    @Test
    void deserializersAreConfiguredWithTheConsumersConfigs() throws Exception {
        ListenerTypes text = new ListenerTypes(String.class, String.class);

        try (TypedRecordReader reader = reader(text, spec(), Map.of("value.deserializer.encoding", "UTF-16"))) {
            assertThat(reader.read(record(bytes("k"), null)).value()).isNull();
            byte[] utf16 = "grüße".getBytes(StandardCharsets.UTF_16);
            assertThat(reader.read(new ConsumerRecord<>("t", 0, 0, bytes("k"), utf16)).value()).isEqualTo("grüße");
        }
    }

    @Test
    void refusesUndeclaredTypesWithoutDeserializerAndClassesThatAreNoDeserializers() {
        ListenerTypes open = ListenerTypes.of(ListenerTypesTest.StillGeneric.class);
        PartitaActivationSpec unknown = spec();
        unknown.setValueDeserializer("com.example.NoSuchDeserializer");
        PartitaActivationSpec notOne = spec();
        notOne.setValueDeserializer("java.lang.String");

        assertThatThrownBy(() -> reader(open, spec(), Map.of())).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("does not say what its values are (type variable T")
                .hasMessageContaining("or set valueDeserializer");
        assertThatThrownBy(() -> reader(ORDERS, unknown, Map.of())).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("valueDeserializer: no class com.example.NoSuchDeserializer is visible to the application");
        assertThatThrownBy(() -> reader(ORDERS, notOne, Map.of())).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("valueDeserializer: java.lang.String is not a org.apache.kafka.common.serialization.Deserializer");
    }

    private static TypedRecordReader reader(ListenerTypes types, PartitaActivationSpec spec, Map<String, Object> configs)
            throws InvalidPropertyException {
        return TypedRecordReader.create(types, spec, TypedRecordReaderTest.class.getClassLoader(), configs);
    }

    private static PartitaActivationSpec spec() {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics("orders");
        spec.setGroupId("shop");
        return spec;
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, String value) {
        return new ConsumerRecord<>("orders", 0, 5, key, value == null ? null : bytes(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
