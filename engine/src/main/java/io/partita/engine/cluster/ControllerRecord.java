package io.partita.engine.cluster;

/**
 * Who holds the controller role and since which epoch, as stored (JSON) under {@code controller} in the
 * {@code partita.cluster} map. The epoch only grows: every new holder takes it by compare-and-set from the previous
 * value, so two nodes can never both have won the same epoch.
 */
public record ControllerRecord(int nodeId, int epoch, String memberUuid) {
}
