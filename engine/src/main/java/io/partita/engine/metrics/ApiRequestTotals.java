package io.partita.engine.metrics;

/**
 * Requests of one Kafka API answered by a node since it started. Immutable.
 *
 * @param api        Kafka's name of the API, as in its request metrics ({@code Produce}, {@code Fetch},
 *                   {@code Metadata} ...)
 * @param count      requests answered
 * @param totalNanos time they took together, each from being taken up to its answer being written
 */
public record ApiRequestTotals(String api, long count, long totalNanos) {
}
