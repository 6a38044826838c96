package io.partita.engine.metrics.history;

import io.partita.engine.log.MutableClock;
import io.partita.engine.metrics.BrokerStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class HistorySamplerTest {

    private static final long START = 1_700_000_000_000L;
    private static final long ALL = Long.MIN_VALUE;

    private final MutableClock clock = new MutableClock(START);
    private final BrokerStats stats = new BrokerStats();
    private final Set<String> topics = new HashSet<>(Set.of("orders", "payments", "audit"));
    private final List<CompletableFuture<GroupLags.Sampled>> lagRequests = new ArrayList<>();

    private MetricsHistory history;
    private HistorySampler sampler;

    private void start(long intervalMs, long retentionMs, int maxSeries) {
        history = new MetricsHistory(new HistorySettings(intervalMs, retentionMs, maxSeries), clock);
        sampler = new HistorySampler(stats, topics::contains, max -> {
            CompletableFuture<GroupLags.Sampled> request = new CompletableFuture<>();
            lagRequests.add(request);
            return request;
        }, clock, history);
    }

    private void after(long ms) {
        clock.advance(Duration.ofMillis(ms));
        sampler.sample();
    }

    @Test
    void theFirstSampleOnlySetsWhereTheCountersStandThenRatesPerSecondFollow() {
        stats.produced("orders", 1_000, 50_000);
        start(5_000, 3_600_000, 100);
        sampler.sample();
        assertThat(history.node(ALL).series()).isEmpty();

        stats.produced("orders", 500, 10_000);
        stats.fetched(20_000, false);
        stats.fetchedFrom("orders", 20_000);
        after(5_000);

        Map<String, List<Sample>> node = history.node(ALL).series();
        assertThat(node.get(MetricsHistory.RECORDS_IN)).containsExactly(new Sample(START + 5_000, 100));
        assertThat(node.get(MetricsHistory.BYTES_IN)).containsExactly(new Sample(START + 5_000, 2_000));
        assertThat(node.get(MetricsHistory.BYTES_OUT)).containsExactly(new Sample(START + 5_000, 4_000));
        Map<String, List<Sample>> orders = history.topic("orders", ALL).series();
        assertThat(orders.get(MetricsHistory.RECORDS_IN)).containsExactly(new Sample(START + 5_000, 100));
        assertThat(orders.get(MetricsHistory.BYTES_OUT)).containsExactly(new Sample(START + 5_000, 4_000));
        assertThat(history.node(ALL).intervalMs()).isEqualTo(5_000);
    }

    @Test
    void aTopicsCountersMadeBetweenTwoSamplesCountFromZero() {
        start(5_000, 3_600_000, 100);
        sampler.sample();
        stats.produced("payments", 50, 1_000);
        after(10_000);

        assertThat(history.topic("payments", ALL).series().get(MetricsHistory.RECORDS_IN)).containsExactly(new Sample(START + 10_000, 5));
        assertThat(history.topic("orders", ALL).series()).isEmpty();
    }

    @Test
    void aSeriesKeepsOnlyItsRetentionAtItsInterval() {
        start(5_000, 20_000, 100);
        sampler.sample();
        for (int i = 1; i <= 6; i++) {
            stats.produced("orders", i, i);
            after(5_000);
        }

        assertThat(history.node(ALL).series().get(MetricsHistory.RECORDS_IN)).extracting(Sample::value)
                .containsExactly(0.6, 0.8, 1.0, 1.2);
    }

    @Test
    void topicsBeyondTheMostSeriesAreLeftOutAndCountedTheFirstByNameKeepTheirs() {
        start(5_000, 3_600_000, 2);
        sampler.sample();
        topics.forEach(topic -> stats.produced(topic, 1, 1));
        after(5_000);

        assertThat(history.topic("audit", ALL).series()).isNotEmpty();
        assertThat(history.topic("orders", ALL).series()).isNotEmpty();
        assertThat(history.topic("payments", ALL).series()).isEmpty();
        assertThat(history.topic("payments", ALL).leftOut()).isEqualTo(1);
    }

    @Test
    void aTopicThatSortsBeforeTheKeptOnesTakesThePlaceOfTheLastByName() {
        start(5_000, 3_600_000, 1);
        sampler.sample();
        stats.produced("payments", 1, 1);
        after(5_000);
        assertThat(history.topic("payments", ALL).series()).isNotEmpty();

        stats.produced("orders", 1, 1);
        stats.produced("payments", 1, 1);
        after(5_000);

        assertThat(history.topic("orders", ALL).series()).isNotEmpty();
        assertThat(history.topic("payments", ALL).series()).isEmpty();
        assertThat(history.topic("payments", ALL).leftOut()).isEqualTo(1);
    }

    @Test
    void aDeletedTopicsCountersGoAndItsSeriesAfterTheRetention() {
        start(5_000, 20_000, 100);
        sampler.sample();
        stats.produced("audit", 1, 1);
        after(5_000);
        topics.remove("audit");
        after(5_000);
        assertThat(stats.snapshot().topics()).doesNotContainKey("audit");
        assertThat(history.topic("audit", ALL).series()).as("kept for the retention").isNotEmpty();

        after(20_000);

        assertThat(history.topic("audit", ALL).series()).isEmpty();
    }

    @Test
    void groupLagsAreStoredAtTheTimeTheyWereAskedForAndNotAskedAgainWhileOut() {
        start(5_000, 3_600_000, 100);
        sampler.sample();
        after(5_000);
        assertThat(lagRequests).hasSize(1);

        lagRequests.get(0).complete(new GroupLags.Sampled(Map.of("billing", 143_000L), 3));
        after(5_000);
        after(5_000);
        lagRequests.get(1).completeExceptionally(new IllegalStateException("groups loading"));
        after(5_000);

        assertThat(lagRequests).hasSize(3);
        assertThat(history.group("billing", ALL).series().get(MetricsHistory.LAG)).containsExactly(new Sample(START, 143_000));
        assertThat(history.group("billing", ALL).leftOut()).isEqualTo(3);
        assertThat(history.group("shipping", ALL).series()).isEmpty();
    }
}
