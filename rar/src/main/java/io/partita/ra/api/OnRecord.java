package io.partita.ra.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a {@link RoutedRecordListener} bean as the one taking the records of some topics, as
 * objects of its parameter's type. Its parameters are one of:
 * <ul>
 *     <li>{@code (V value)} or {@code (V value, RecordContext<K> context)}: the value (and key) read as for a
 *     {@link TypedRecordListener} of {@code <K, V>}: {@code byte[]} as is, {@code String} as UTF-8, other types
 *     through JSON-B, unless the activation names a {@code valueDeserializer} ({@code keyDeserializer});</li>
 *     <li>{@code (ConsumerRecord<byte[], byte[]> record)}: the record as consumed.</li>
 * </ul>
 *
 * <p>A record of topic {@code t} goes to the methods whose {@link #topics()} name {@code t} exactly or whose
 * {@link #topicPattern()} matches the whole of {@code t}; a method naming neither takes every topic of the
 * activation. When one method takes {@code t}, it gets all of its records. When several do, each must take a
 * different value type and the record's {@link ValueTypes#HEADER} header (set by typed sends) picks the method
 * whose value type has that name; a {@code ConsumerRecord} method among them takes the records of any other type
 * or of none; a record no method takes goes to the dead-letter topic undelivered, as
 * {@link DeadLetterReason#NO_MATCHING_METHOD}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnRecord {

    /** Topics whose records this method takes, by exact name. */
    String[] topics() default {};

    /** A regular expression of the topics whose records this method takes; it must match the whole name. */
    String topicPattern() default "";
}
