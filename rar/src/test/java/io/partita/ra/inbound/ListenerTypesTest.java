package io.partita.ra.inbound;

import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecord;
import io.partita.ra.api.TypedRecordListener;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.TypeVariable;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerTypesTest {

    public record Order(String item, int quantity) {
    }

    static class Direct implements TypedRecordListener<String, Order> {
        @Override
        public void onRecord(Order value, RecordContext<String> context) {
        }
    }

    abstract static class Base<T> implements TypedRecordListener<Long, T> {
    }

    static class Derived extends Base<Order> {
        @Override
        public void onRecord(Order value, RecordContext<Long> context) {
        }
    }

    /** Declares its variables in the other order than the listener interface. */
    abstract static class Swapped<V, K> implements TypedRecordListener<K, V> {
    }

    static class Unswapped extends Swapped<Order, String> {
        @Override
        public void onRecord(Order value, RecordContext<String> context) {
        }
    }

    interface OrderListener extends TypedRecordListener<String, Order> {
    }

    static class ThroughInterface implements OrderListener {
        @Override
        public void onRecord(Order value, RecordContext<String> context) {
        }
    }

    static class OfLists implements TypedRecordListener<byte[], List<Order>> {
        @Override
        public void onRecord(List<Order> value, RecordContext<byte[]> context) {
        }
    }

    @SuppressWarnings("rawtypes")
    static class Raw implements TypedRecordListener {
        @Override
        public void onRecord(Object value, RecordContext context) {
        }
    }

    static class StillGeneric<T> extends Base<T> {
        @Override
        public void onRecord(T value, RecordContext<Long> context) {
        }
    }

    static class Batches implements TypedBatchRecordListener<Long, Order> {
        @Override
        public void onRecords(List<TypedRecord<Long, Order>> records) {
        }
    }

    @Test
    void takesTheTypeArgumentsOfTheImplementsClause() {
        assertThat(ListenerTypes.of(Direct.class)).isEqualTo(new ListenerTypes(String.class, Order.class));
        assertThat(ListenerTypes.of(ThroughInterface.class)).isEqualTo(new ListenerTypes(String.class, Order.class));
        assertThat(ListenerTypes.of(Batches.class)).isEqualTo(new ListenerTypes(Long.class, Order.class));
        assertThat(ListenerTypes.isTyped(Batches.class)).isTrue();
        assertThat(ListenerTypes.isTyped(String.class)).isFalse();
    }

    @Test
    void followsTypeVariablesThroughGenericSuperclassesByNameNotPosition() {
        assertThat(ListenerTypes.of(Derived.class)).isEqualTo(new ListenerTypes(Long.class, Order.class));
        assertThat(ListenerTypes.of(Unswapped.class)).isEqualTo(new ListenerTypes(String.class, Order.class));
    }

    @Test
    void keepsGenericValueTypesWhole() {
        ListenerTypes types = ListenerTypes.of(OfLists.class);

        assertThat(types.key()).isEqualTo(byte[].class);
        assertThat(types.value()).isInstanceOfSatisfying(ParameterizedType.class, list -> {
            assertThat(list.getRawType()).isEqualTo(List.class);
            assertThat(list.getActualTypeArguments()).containsExactly(Order.class);
        });
    }

    @Test
    void leavesUndeclaredTypesOpen() {
        ListenerTypes raw = ListenerTypes.of(Raw.class);
        ListenerTypes generic = ListenerTypes.of(StillGeneric.class);

        assertThat(raw.key()).isInstanceOf(TypeVariable.class).hasToString("K");
        assertThat(raw.value()).isInstanceOf(TypeVariable.class).hasToString("V");
        assertThat(generic.key()).isEqualTo(Long.class);
        assertThat(generic.value()).isInstanceOf(TypeVariable.class).hasToString("T");
    }

    @Test
    void refusesAClassThatIsNoTypedListener() {
        assertThatThrownBy(() -> ListenerTypes.of(String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TypedRecordListener");
    }
}
