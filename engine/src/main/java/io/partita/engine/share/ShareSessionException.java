package io.partita.engine.share;

/** A share session request that does not fit the member's session: which of Kafka's errors it is. */
public final class ShareSessionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Kafka's share session errors, by name. */
    public enum Reason { SHARE_SESSION_NOT_FOUND, INVALID_SHARE_SESSION_EPOCH, SHARE_SESSION_LIMIT_REACHED }

    private final Reason reason;

    ShareSessionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
