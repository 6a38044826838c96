package io.partita.ra.inbound;

/** A delivery to the bean threw; the cause is the bean's exception, unwrapped from the container's wrappers. */
final class ListenerFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    ListenerFailedException(Throwable cause) {
        super(cause.toString(), cause);
    }
}
