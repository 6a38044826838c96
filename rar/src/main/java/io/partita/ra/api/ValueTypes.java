package io.partita.ra.api;

/**
 * The logical type names that route records of several value types on one topic to the {@link OnRecord} methods
 * taking them. A name is the class's {@link TypeAlias}, else its simple name: it stays the same when the class
 * moves to another package, and the producing and the consuming application need not share the class.
 * Stateless and thread-safe.
 */
public final class ValueTypes {

    /**
     * The header naming a record value's type (UTF-8). {@code PartitaConnection.send(topic, key, value)} sets it for
     * every value but null; a producer of its own sets it with {@link #nameOf}.
     */
    public static final String HEADER = "partita.value.type";

    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            TypeAlias alias = type.getAnnotation(TypeAlias.class);
            if (alias != null && !alias.value().isBlank()) return alias.value().strip();
            return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
        }
    };

    private ValueTypes() {
    }

    /** The name values of {@code type} go by: its {@link TypeAlias}, else its simple name (an anonymous class's full name). */
    public static String nameOf(Class<?> type) {
        return NAMES.get(type);
    }
}
