package io.partita.ra.api;

/**
 * Names of the headers a record carries in a dead-letter topic or a retry topic, besides its own key, value and
 * headers. Values are UTF-8 text. The {@code original} ones name the record as it was first consumed, before any
 * retry topic; a record moving on from a retry topic has the adapter's headers of the previous stage replaced.
 */
public final class DeadLetterHeaders {

    /** The topic the record was first consumed from. */
    public static final String TOPIC = "partita.dlt.original.topic";
    /** Its partition, in decimal. */
    public static final String PARTITION = "partita.dlt.original.partition";
    /** Its offset, in decimal. */
    public static final String OFFSET = "partita.dlt.original.offset";
    /** Its timestamp, in ms since the epoch, in decimal (-1 when it had none). */
    public static final String TIMESTAMP = "partita.dlt.original.timestamp";
    /** The consumer group whose deliveries failed; a retry topic's record is delivered to this group only. */
    public static final String GROUP = "partita.dlt.group";
    /** Why it was given up on: the name of a {@link DeadLetterReason}. Dead letters only. */
    public static final String REASON = "partita.dlt.reason";
    /**
     * How many times it was delivered, in its original topic and every retry topic together (a record that could not
     * be deserialized counts none).
     */
    public static final String ATTEMPTS = "partita.dlt.delivery.attempts";
    /**
     * The class name of the exception of the last delivery (unwrapped from the container's EJBException), or of the
     * deserializer's.
     */
    public static final String EXCEPTION = "partita.dlt.exception.class";
    /** That exception's message (empty when it had none). */
    public static final String EXCEPTION_MESSAGE = "partita.dlt.exception.message";
    /** The retry stage the record waits in: 1 for the first delay of {@code retryTopics}. Retry topics only. */
    public static final String RETRY_STAGE = "partita.retry.stage";
    /** When the record is due for its next delivery, in ms since the epoch, in decimal. Retry topics only. */
    public static final String RETRY_DUE = "partita.retry.due.timestamp";

    private DeadLetterHeaders() {
    }
}
