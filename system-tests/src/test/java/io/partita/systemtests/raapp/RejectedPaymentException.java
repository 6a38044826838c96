package io.partita.systemtests.raapp;

/** A failure no retry can mend: {@link RetryingListener}'s {@code notRetryable}. */
public class RejectedPaymentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RejectedPaymentException(String message) {
        super(message);
    }
}
