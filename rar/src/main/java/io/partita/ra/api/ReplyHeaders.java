package io.partita.ra.api;

/**
 * Names of the headers that make a record a request of {@link PartitaConnection#request} and its reply the answer
 * to it. Values are UTF-8 text. A bean answering with {@link PartitaConnection#reply} needs none of them; they are
 * here for applications that answer without it, or read requests with other clients.
 */
public final class ReplyHeaders {

    /** Identifies the request; its reply must carry the same value. */
    public static final String CORRELATION_ID = "partita.correlation.id";
    /** The topic the requesting node reads replies from. */
    public static final String REPLY_TOPIC = "partita.reply.topic";
    /** The partition of that topic the reply must be written to, in decimal. */
    public static final String REPLY_PARTITION = "partita.reply.partition";

    private ReplyHeaders() {
    }
}
