package io.partita.ra.inbound;

/**
 * The container gave no endpoint (the application is not deployed yet or is going away). Not the records' fault:
 * they are delivered again later, and the attempt does not count as one of their retries.
 */
final class EndpointUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    EndpointUnavailableException(Throwable cause) {
        super("No message endpoint: " + cause.getMessage(), cause);
    }
}
