package io.partita.engine.share;

/** Offsets {@code first..last} acquired by one member at once, each delivered {@code deliveryCount} times so far. */
public record AcquiredRange(long first, long last, int deliveryCount) {
}
