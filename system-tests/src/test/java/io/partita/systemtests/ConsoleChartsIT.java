package io.partita.systemtests;

import io.partita.systemtests.ApiClient.Login;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's time charts in headless Chromium, on the history the node keeps (sampled every second by
 * {@link SecuredNode}): a page draws what the node kept at once, on a clock, then appends new samples; a group's
 * lag far from 0 gets a y axis that does not start at 0, and the readout follows the pointer.
 */
class ConsoleChartsIT extends ConsoleTest {

    private static final Login ADMIN = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
    private static final String CLOCK_TIME = "\\d{1,2}:\\d{2}(:\\d{2})?( [AP]M)?";

    @Test
    void theOverviewDrawsTheStoredHistoryAtOnceOnAClock() {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                NODE.api().get(ADMIN, "/api/node/history").json().path("series").path("recordsIn").size() >= 10);
        BROWSER.logInAsAdmin();
        ChartOnPage chart = new ChartOnPage(BROWSER, "throughput");

        BROWSER.await("the overview's chart drawn", driver -> chart.points() > 0);
        assertThat(chart.points()).as("the stored samples, not only those polled since the page opened")
                .isGreaterThanOrEqualTo(10);
        assertThat(chart.timeLabels()).isNotEmpty().allMatch(label -> label.matches(CLOCK_TIME));
        assertThat(chart.readout()).startsWith("now ").endsWith(" records/s");
        BROWSER.screenshot("charts-01-overview-history");
    }

    @Test
    void aLaggingGroupsChartSpansItsLagNotFromZeroAndReadsOutWhereThePointerIs() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/groups/" + ConsoleData.LAGGING_GROUP);
        ChartOnPage chart = new ChartOnPage(BROWSER, "lag-chart");

        BROWSER.await("the lag chart drawn", driver -> chart.points() > 0);
        List<Double> ticks = chart.valueTicks();
        assertThat(ticks).as("a lag of about 50,000 between its ticks").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(tick -> tick > 40_000 && tick < 60_000);
        assertThat(chart.readout()).startsWith("now ").endsWith(" records behind");

        new Actions(BROWSER.driver()).moveToElement(chart.svg()).perform();
        BROWSER.await("a readout of the sample under the pointer", driver -> chart.readout().matches(CLOCK_TIME + " · .* records behind"));
        BROWSER.screenshot("charts-02-group-lag");
    }

    @Test
    void aNewTopicsChartAppendsTheSamplesOfItsTraffic() {
        assertThat(NODE.api().post(ADMIN, "/api/topics", Map.of("name", "charted-topic", "partitions", 1)).status())
                .isEqualTo(201);
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics/charted-topic");
        ChartOnPage chart = new ChartOnPage(BROWSER, "topic-throughput");
        BROWSER.waitForText(By.cssSelector("#topic-throughput .readout"), "no samples yet");

        for (int i = 0; i < 30; i++) NODE.api().post(ADMIN, "/api/records/charted-topic", Map.of("value", "charted " + i));

        BROWSER.await("the records' samples appended", driver -> chart.highestTick() >= 1);
        assertThat(chart.readout()).startsWith("now ").endsWith(" records/s");
        assertThat(BROWSER.driver().findElement(By.id("topic-throughput")).getText()).contains("node 1: the partitions it leads");
        BROWSER.screenshot("charts-03-topic-traffic");
    }
}
