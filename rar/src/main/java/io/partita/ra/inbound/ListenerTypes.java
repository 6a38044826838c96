package io.partita.ra.inbound;

import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecordListener;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key and value types a bean gives {@link TypedRecordListener}'s (or {@link TypedBatchRecordListener}'s)
 * {@code K} and {@code V}: the type arguments
 * of its {@code implements} clause, followed through generic superclasses and interfaces
 * ({@code class OrderBean extends Base<Order>} with {@code Base<T> implements TypedRecordListener<String, T>} gives
 * {@code String} and {@code Order}). A type left open (a raw {@code implements}, a type variable of the bean itself)
 * stays a {@link TypeVariable}. Resolved once per activation, never per record. Immutable.
 *
 * @param key   what keys are read as
 * @param value what values are read as
 */
record ListenerTypes(Type key, Type value) {

    private static final List<Class<?>> TYPED_LISTENERS = List.of(TypedRecordListener.class, TypedBatchRecordListener.class);

    /** Whether {@code bean} implements a typed listener interface. */
    static boolean isTyped(Class<?> bean) {
        return TYPED_LISTENERS.stream().anyMatch(listener -> listener.isAssignableFrom(bean));
    }

    /** @throws IllegalArgumentException when {@code bean} implements no typed listener interface */
    static ListenerTypes of(Class<?> bean) {
        Type[] arguments = argumentsOf(bean, Map.of());
        if (arguments == null) throw new IllegalArgumentException(bean + " is no " + TypedRecordListener.class.getName());
        return new ListenerTypes(arguments[0], arguments[1]);
    }

    /**
     * The arguments {@code type} (seen with {@code bindings} of its declaring class's type variables) gives the
     * listener interface, or null when it does not implement it.
     */
    private static Type[] argumentsOf(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
        Map<TypeVariable<?>, Type> own = new HashMap<>();
        if (type instanceof ParameterizedType parameterized) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] actual = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) own.put(variables[i], bindings.getOrDefault(actual[i], actual[i]));
        }
        if (TYPED_LISTENERS.contains(raw)) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            return new Type[] {own.getOrDefault(variables[0], variables[0]), own.getOrDefault(variables[1], variables[1])};
        }
        if (raw.getGenericSuperclass() != null) {
            Type[] found = argumentsOf(raw.getGenericSuperclass(), own);
            if (found != null) return found;
        }
        for (Type implemented : raw.getGenericInterfaces()) {
            Type[] found = argumentsOf(implemented, own);
            if (found != null) return found;
        }
        return null;
    }
}
