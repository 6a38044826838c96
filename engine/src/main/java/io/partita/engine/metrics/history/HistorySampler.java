package io.partita.engine.metrics.history;

import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.metrics.TopicTotals;
import io.partita.engine.metrics.TrafficTotals;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The periodic job that fills a {@link MetricsHistory}: each {@link #sample()} turns the growth of the node's
 * counters ({@link BrokerStats}, which the produce and fetch paths keep anyway) since the previous sample into rates
 * per second, and asks for the lags of the groups coordinated here. The first sample only sets where the counters
 * stand, so no series starts with a made-up zero. The counters of topics deleted meanwhile are dropped.
 *
 * <p>Run by one thread at a time (the node's schedule never overlaps a job with itself); a lag sampling that is
 * still out when the next sample is due is not asked again, so a slow leader cannot pile requests up.
 */
public final class HistorySampler {

    private final BrokerStats stats;
    private final Predicate<String> topicExists;
    private final IntFunction<CompletableFuture<GroupLags.Sampled>> groupLags;
    private final Clock clock;
    private final MetricsHistory history;
    private final AtomicBoolean lagsOut = new AtomicBoolean();
    private long lastMs = Long.MIN_VALUE;
    private TrafficTotals lastNode;
    private Map<String, TopicTotals> lastTopics;

    /**
     * @param topicExists whether a topic is still in the cluster
     * @param groupLags   the lags of at most so many groups this node coordinates ({@link GroupLags#sample})
     */
    public HistorySampler(BrokerStats stats, Predicate<String> topicExists,
                          IntFunction<CompletableFuture<GroupLags.Sampled>> groupLags, Clock clock, MetricsHistory history) {
        this.stats = stats;
        this.topicExists = topicExists;
        this.groupLags = groupLags;
        this.clock = clock;
        this.history = history;
    }

    public void sample() {
        long now = clock.millis();
        TrafficTotals node = stats.snapshot();
        Map<String, TopicTotals> topics = new HashMap<>(node.topics());
        topics.keySet().removeIf(topic -> {
            boolean deleted = !topicExists.test(topic);
            if (deleted) stats.forgetTopic(topic);
            return deleted;
        });
        double seconds = (now - lastMs) / 1000.0;
        if (lastNode != null && seconds > 0) {
            history.recordNode(now, Map.of(
                    MetricsHistory.BYTES_IN, (node.bytesIn() - lastNode.bytesIn()) / seconds,
                    MetricsHistory.RECORDS_IN, (node.producedRecords() - lastNode.producedRecords()) / seconds,
                    MetricsHistory.BYTES_OUT, (node.bytesOut() - lastNode.bytesOut()) / seconds,
                    MetricsHistory.REPLICATION_BYTES_OUT, (node.replicationBytesOut() - lastNode.replicationBytesOut()) / seconds));
            Map<String, Map<String, Double>> rates = new HashMap<>();
            topics.forEach((topic, totals) -> {
                // Counters made since the previous sample started from zero.
                TopicTotals before = lastTopics.getOrDefault(topic, TopicTotals.NONE);
                rates.put(topic, Map.of(
                        MetricsHistory.BYTES_IN, Math.max(0, totals.bytesIn() - before.bytesIn()) / seconds,
                        MetricsHistory.RECORDS_IN, Math.max(0, totals.recordsIn() - before.recordsIn()) / seconds,
                        MetricsHistory.BYTES_OUT, Math.max(0, totals.bytesOut() - before.bytesOut()) / seconds));
            });
            history.recordTopics(now, rates);
        }
        lastMs = now;
        lastNode = node;
        lastTopics = topics;
        sampleLags(now);
    }

    private void sampleLags(long now) {
        if (!lagsOut.compareAndSet(false, true)) return;
        groupLags.apply(history.settings().maxSeries()).whenComplete((sampled, failure) -> {
            lagsOut.set(false);
            if (failure != null) return; // groups loading, say: a gap in every lag series
            Map<String, Map<String, Double>> lags = new HashMap<>();
            sampled.lags().forEach((group, lag) -> lags.put(group, Map.of(MetricsHistory.LAG, (double) lag)));
            history.recordGroups(now, lags, sampled.leftOut());
        });
    }
}
