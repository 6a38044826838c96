package io.partita.engine.metrics.history;

import io.partita.engine.config.NodeConfig;

/**
 * How the metrics history samples and what it keeps ({@code metrics.history.*} of {@link NodeConfig}). Immutable.
 *
 * @param intervalMs  how often every series is sampled
 * @param retentionMs how far back samples are kept; each series holds {@link #capacity()} of them
 * @param maxSeries   how many topics, and apart how many groups, have series; the others are left out and counted
 */
public record HistorySettings(long intervalMs, long retentionMs, int maxSeries) {

    /** The node's metrics history settings (their ranges, and a retention of at least the interval, checked by {@link NodeConfig}). */
    public static HistorySettings from(NodeConfig config) {
        return new HistorySettings(config.metricsHistoryIntervalMs(), config.metricsHistoryRetentionMs(),
                config.metricsHistoryMaxSeries());
    }

    /** Samples one series holds: its retention at its interval. */
    int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, (retentionMs + intervalMs - 1) / intervalMs);
    }
}
