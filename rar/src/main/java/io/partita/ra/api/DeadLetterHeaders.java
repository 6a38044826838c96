package io.partita.ra.api;

/**
 * Names of the headers a record carries in a dead-letter topic, besides its own key, value and headers. Values are
 * UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** The topic the record was consumed from. */
    public static final String TOPIC = "partita.dlt.original.topic";
    /** Its partition, in decimal. */
    public static final String PARTITION = "partita.dlt.original.partition";
    /** Its offset, in decimal. */
    public static final String OFFSET = "partita.dlt.original.offset";
    /** The consumer group that gave up on it. */
    public static final String GROUP = "partita.dlt.group";
    /** Why it was given up on: the name of a {@link DeadLetterReason}. */
    public static final String REASON = "partita.dlt.reason";
    /** How many times it was delivered (0 when it could not be deserialized). */
    public static final String ATTEMPTS = "partita.dlt.delivery.attempts";
    /**
     * The class name of the exception of the last delivery (unwrapped from the container's EJBException), or of the
     * deserializer's.
     */
    public static final String EXCEPTION = "partita.dlt.exception.class";
    /** That exception's message (empty when it had none). */
    public static final String EXCEPTION_MESSAGE = "partita.dlt.exception.message";

    private DeadLetterHeaders() {
    }
}
