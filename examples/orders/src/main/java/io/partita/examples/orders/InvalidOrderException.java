package io.partita.examples.orders;

/**
 * An order that no delivery can ever take (no item, no positive quantity). {@link OrderListener} names it
 * {@code notRetryable}: retrying cannot help, so such an order goes straight to the dead-letter topic.
 */
public class InvalidOrderException extends RuntimeException {

    public InvalidOrderException(String message) {
        super(message);
    }
}
