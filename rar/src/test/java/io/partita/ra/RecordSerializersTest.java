package io.partita.ra;

import io.partita.ra.api.TypeAlias;
import io.partita.ra.api.ValueTypes;
import io.partita.ra.payload.Payloads;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed sends' serialization, through real Kafka serializers and real JSON-B (Yasson). */
class RecordSerializersTest {

    private static final ClassLoader LOADER = RecordSerializersTest.class.getClassLoader();

    public record Order(String item, int quantity) {
    }

    @TypeAlias("order-cancelled")
    public record Cancelled(String id) {
    }

    /** JSON-B reads its properties through the getters: this one cannot be written. */
    public static class Unwritable {
        public String getState() {
            throw new IllegalStateException("no state yet");
        }
    }

    @Test
    void withoutSerializersObjectsBecomeJsonAndTheListenersDefaultsReadThemBack() throws Exception {
        try (RecordSerializers serializers = RecordSerializers.create(null, null, LOADER, Map.of())) {
            ProducerRecord<byte[], byte[]> record = serializers.record("orders", "o-1", new Order("book", 2));

            assertThat(record.topic()).isEqualTo("orders");
            assertThat(record.partition()).isNull();
            assertThat(text(record.key())).isEqualTo("o-1");
            assertThat(text(record.value())).isEqualTo("{\"item\":\"book\",\"quantity\":2}");
            try (Deserializer<?> orders = Payloads.deserializer("valueDeserializer", null, Order.class, LOADER, Map.of(), false)) {
                assertThat(orders.deserialize("orders", record.value())).isEqualTo(new Order("book", 2));
            }
            assertThat(serializers.record("orders", new byte[] {7}, List.of(1, 2)).key()).containsExactly(7);
            assertThat(text(serializers.record("orders", null, List.of(1, 2)).value())).isEqualTo("[1,2]");
            assertThat(serializers.record("orders", null, null).value()).isNull();
        }
    }

    @Test
    void eachValueNamesItsTypeInAHeaderThatRoutesItToTheMethodTakingThatType() throws Exception {
        try (RecordSerializers serializers = RecordSerializers.create(null, null, LOADER, Map.of())) {
            assertThat(valueType(serializers.record("orders", "o-1", new Order("book", 2)))).isEqualTo("Order");
            assertThat(valueType(serializers.record("orders", "o-1", new Cancelled("o-1")))).isEqualTo("order-cancelled");
            assertThat(valueType(serializers.record("orders", null, "text"))).isEqualTo("String");
            assertThat(serializers.record("orders", "o-1", null).headers().lastHeader(ValueTypes.HEADER)).isNull();
        }
    }

    @Test
    void namedSerializersAreUsedAndConfiguredWithTheProducersConfigs() throws Exception {
        try (RecordSerializers serializers = RecordSerializers.create("org.apache.kafka.common.serialization.LongSerializer",
                "org.apache.kafka.common.serialization.StringSerializer", LOADER, Map.of("value.serializer.encoding", "UTF-16"))) {
            ProducerRecord<byte[], byte[]> record = serializers.record("orders", 42L, "grüße");

            assertThat(new LongDeserializer().deserialize("orders", record.key())).isEqualTo(42L);
            assertThat(new String(record.value(), StandardCharsets.UTF_16)).isEqualTo("grüße");
            assertThatThrownBy(() -> serializers.record("orders", "not a long", "v")).isInstanceOf(ResourceException.class)
                    .hasMessageStartingWith("The key for orders (a java.lang.String) cannot be serialized: ")
                    .hasCauseInstanceOf(ClassCastException.class);
        }
    }

    @Test
    void aValueJsonbCannotWriteFailsTheSendWithJsonbsReason() throws Exception {
        try (RecordSerializers serializers = RecordSerializers.create(null, null, LOADER, Map.of())) {
            assertThatThrownBy(() -> serializers.record("orders", "k", new Unwritable()))
                    .isInstanceOf(ResourceException.class)
                    .hasMessageStartingWith("The value for orders (a " + Unwritable.class.getName() + ") cannot be serialized: ")
                    .hasMessageContaining("Unable to serialize property 'state'")
                    .hasRootCauseMessage("no state yet");
        }
    }

    @Test
    void refusesSerializerClassesItCannotHave() {
        assertThatThrownBy(() -> RecordSerializers.create("com.example.Missing", null, LOADER, Map.of()))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessage("keySerializer: no class com.example.Missing is visible to the application");
        assertThatThrownBy(() -> RecordSerializers.create(null, "org.apache.kafka.common.serialization.LongDeserializer",
                LOADER, Map.of())).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("valueSerializer: org.apache.kafka.common.serialization.LongDeserializer is not a "
                        + "org.apache.kafka.common.serialization.Serializer");
    }

    private static String valueType(ProducerRecord<byte[], byte[]> record) {
        return text(record.headers().lastHeader(ValueTypes.HEADER).value());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
