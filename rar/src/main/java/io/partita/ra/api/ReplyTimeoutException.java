package io.partita.ra.api;

import jakarta.resource.ResourceException;

/**
 * No reply came to a {@link PartitaConnection#request} within its timeout. The request itself may still be handled:
 * a reply that comes later is dropped.
 */
public class ReplyTimeoutException extends ResourceException {

    private static final long serialVersionUID = 1L;

    public ReplyTimeoutException(String message) {
        super(message);
    }
}
