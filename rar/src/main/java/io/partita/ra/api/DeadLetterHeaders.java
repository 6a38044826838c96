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
    /** How many times it was delivered. */
    public static final String ATTEMPTS = "partita.dlt.delivery.attempts";
    /** The class name of the exception of the last delivery (unwrapped from the container's EJBException). */
    public static final String EXCEPTION = "partita.dlt.exception.class";
    /** That exception's message (empty when it had none). */
    public static final String EXCEPTION_MESSAGE = "partita.dlt.exception.message";

    private DeadLetterHeaders() {
    }
}
