package io.partita.ra.inbound;

/**
 * No {@code @OnRecord} method of a routed bean takes a record; the message says why. The record goes to the
 * dead-letter topic undelivered, with this class and message in its headers.
 */
final class NoMatchingMethodException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NoMatchingMethodException(String message) {
        super(message);
    }
}
