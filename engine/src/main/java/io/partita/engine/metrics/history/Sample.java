package io.partita.engine.metrics.history;

/**
 * One point of a series of the metrics history. Immutable.
 *
 * @param timeMs when it was sampled, epoch milliseconds of the engine's clock
 * @param value  the rate (per second) or level sampled then
 */
public record Sample(long timeMs, double value) {
}
