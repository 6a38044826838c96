package io.partita.ra.inbound;

import io.partita.ra.api.OnRecord;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecord;
import io.partita.ra.api.ValueTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One {@link OnRecord} method of a routed bean, checked once at activation: the topics it takes, what its
 * parameters take (a value, a value and a {@link RecordContext}, or the {@link ConsumerRecord}), the types its keys
 * and values are read as, and the name of its value type, which routes records among the methods of one topic.
 * Immutable.
 *
 * @param method     the bean method
 * @param topics     the topics it takes
 * @param parameters what its parameters take
 * @param types      the types its keys and values are read as; null for a method taking the {@link ConsumerRecord}
 * @param typeName   the name of its value type ({@link ValueTypes#nameOf}); null for a method taking the
 *                   {@link ConsumerRecord}
 */
record RecordMethod(Method method, TopicFilter topics, RecordMethod.Parameters parameters, ListenerTypes types,
                    String typeName) {

    /** What the method's parameters take. */
    enum Parameters { VALUE, VALUE_AND_CONTEXT, RECORD }

    /**
     * @param method a public method annotated {@link OnRecord}
     * @throws IllegalArgumentException saying what makes the method unfit, its signature first
     */
    static RecordMethod of(Method method) {
        try {
            return checked(method);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(signature(method) + ": " + e.getMessage(), e);
        }
    }

    private static RecordMethod checked(Method method) {
        if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            throw new IllegalArgumentException("is declared in a class that is not public, so the adapter cannot call it");
        }
        if (Modifier.isStatic(method.getModifiers())) throw new IllegalArgumentException("must not be static");
        TopicFilter topics = TopicFilter.of(method.getAnnotation(OnRecord.class));
        Type[] parameters = method.getGenericParameterTypes();
        if (parameters.length == 0 || parameters.length > 2) throw unsupported();
        Class<?> first = raw(parameters[0]);
        if (first == ConsumerRecord.class) {
            if (parameters.length > 1 || !takesBytes(parameters[0])) throw unsupported();
            return new RecordMethod(method, topics, Parameters.RECORD, null, null);
        }
        if (first == null) throw new IllegalArgumentException("does not say what its values are: declare the value type");
        if (first == RecordContext.class) throw unsupported();
        if (first.isPrimitive()) {
            throw new IllegalArgumentException("takes the primitive " + first + ", which a record without value "
                    + "cannot give: take its wrapper class");
        }
        Type key = byte[].class;
        if (parameters.length == 2) {
            if (raw(parameters[1]) != RecordContext.class) throw unsupported();
            key = keyOf(parameters[1]);
        }
        return new RecordMethod(method, topics, parameters.length == 2 ? Parameters.VALUE_AND_CONTEXT : Parameters.VALUE,
                new ListenerTypes(key, parameters[0]), ValueTypes.nameOf(first));
    }

    /**
     * The method's arguments for {@code record}.
     *
     * @param read the record's key and value as {@link #types()} read them; null for a method taking the record
     */
    Object[] arguments(ConsumerRecord<byte[], byte[]> record, TypedRecord<Object, Object> read) {
        return switch (parameters) {
            case RECORD -> new Object[] {record};
            case VALUE -> new Object[] {read.value()};
            case VALUE_AND_CONTEXT -> new Object[] {read.value(), read.context()};
        };
    }

    /** {@code Bean.name(Type, ...)}, for messages. */
    @Override
    public String toString() {
        return signature(method);
    }

    private static String signature(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static IllegalArgumentException unsupported() {
        return new IllegalArgumentException("unsupported parameters: take (V value), (V value, RecordContext<K> context) "
                + "or (ConsumerRecord<byte[], byte[]> record)");
    }

    /**
     * A {@code RecordContext}'s key type; its own type variable when the parameter leaves it open (raw, a wildcard,
     * a type variable), which only a {@code keyDeserializer} can then read.
     */
    private static Type keyOf(Type context) {
        if (context instanceof ParameterizedType parameterized && raw(parameterized.getActualTypeArguments()[0]) != null) {
            return parameterized.getActualTypeArguments()[0];
        }
        return RecordContext.class.getTypeParameters()[0];
    }

    /** True for a {@code ConsumerRecord} whose key and value are {@code byte[]} or left open: the consumer's bytes. */
    private static boolean takesBytes(Type record) {
        if (!(record instanceof ParameterizedType parameterized)) return true;
        return Arrays.stream(parameterized.getActualTypeArguments())
                .allMatch(t -> t == byte[].class || t instanceof WildcardType wildcard && wildcard.getLowerBounds().length == 0
                        && Arrays.asList(wildcard.getUpperBounds()).equals(List.of(Object.class)));
    }

    /** The class of a declared type; null for a type variable or a wildcard. */
    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> plain) return plain;
        if (type instanceof ParameterizedType parameterized) return (Class<?>) parameterized.getRawType();
        if (type instanceof GenericArrayType array) {
            Class<?> component = raw(array.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) return null;
        throw new IllegalArgumentException("unknown kind of type " + type);
    }
}
