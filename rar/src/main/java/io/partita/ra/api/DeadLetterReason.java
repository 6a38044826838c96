package io.partita.ra.api;

/** Why a record went to the dead-letter topic: the value of its {@link DeadLetterHeaders#REASON} header. */
public enum DeadLetterReason {

    /** Every delivery to the bean failed (it threw, or its transaction rolled back). */
    DELIVERY_FAILED,
    /** The bean threw an exception of a {@code notRetryable} class: delivered once, without retries. */
    NOT_RETRYABLE,
    /** The key could not be read as the {@link TypedRecordListener}'s key type; the bean never saw the record. */
    KEY_DESERIALIZATION_FAILED,
    /** The value could not be read as the {@link TypedRecordListener}'s value type; the bean never saw the record. */
    VALUE_DESERIALIZATION_FAILED,
    /**
     * No {@link OnRecord} method of the {@link RoutedRecordListener} takes the record: none takes its topic, or
     * several do and none takes the type its {@link ValueTypes#HEADER} names (or it names none); the bean never saw it.
     */
    NO_MATCHING_METHOD
}
