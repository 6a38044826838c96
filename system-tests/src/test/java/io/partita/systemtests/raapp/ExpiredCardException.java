package io.partita.systemtests.raapp;

/** A subclass of a {@code notRetryable} class, which is therefore not retried either. */
public class ExpiredCardException extends RejectedPaymentException {

    private static final long serialVersionUID = 1L;

    public ExpiredCardException(String value) {
        super("the card paying for " + value + " has expired");
    }
}
