package io.partita.web.problem;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}), extended with the Kafka error the node
 * answered. Immutable.
 *
 * @param type       a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title      short summary of the kind of problem
 * @param status     the HTTP status
 * @param detail     what went wrong with this request
 * @param instance   the request's path
 * @param errorCode  Kafka's error code (e.g. 3 for UNKNOWN_TOPIC_OR_PARTITION), null when Kafka had no part in it
 * @param errorName  Kafka's name of that error, null likewise
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errorCode", "errorName"})
public record Problem(String type, String title, int status, String detail, String instance,
                     Integer errorCode, String errorName) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
