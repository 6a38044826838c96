package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's cluster pages in headless Chromium against the shared secured node and its data: the brokers with
 * their leaders and disk use, a broker's configs (a dynamic one changed after confirming old → new and seen by
 * Kafka's own {@code kafka-configs.sh}, a refused value's error beside the form, static ones not editable), the
 * cluster-wide defaults, and the reassignments running (none on one node).
 */
class ConsoleClusterIT extends ConsoleTest {

    private static final String LEADER_RATE = "leader.replication.throttled.rate";
    private static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    private static final ConfigResource BROKER_1 = new ConfigResource(ConfigResource.Type.BROKER, "1");
    private static final ConfigResource DEFAULTS = new ConfigResource(ConfigResource.Type.BROKER, "");

    @Test
    void brokersShowNodeOneWithItsLeadersAndDiskUseAndSortByAnyColumn() throws Exception {
        logIn();
        long leaders;
        try (Admin admin = admin()) {
            leaders = admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values().stream()
                    .map(TopicDescription::partitions).flatMap(List::stream)
                    .filter(partition -> partition.leader() != null && partition.leader().id() == 1).count();
        }

        BROWSER.driver().findElement(By.linkText("Brokers")).click();
        BROWSER.waitForText(By.cssSelector("#brokers tr[data-broker='1'] .status"), "online");
        BROWSER.waitForText(By.cssSelector("#brokers tr[data-broker='1']"), NODE.bootstrapServer());
        BROWSER.waitForText(By.cssSelector("#brokers tr[data-broker='1']"), "controller");
        assertThat(Long.parseLong(BROWSER.visible(By.cssSelector("#brokers tr[data-broker='1'] .leaders")).getText()))
                .isGreaterThanOrEqualTo(leaders).isGreaterThanOrEqualTo(ConsoleData.ORDERS_PARTITIONS);
        // ConsoleData's 100,000 orders alone take megabytes.
        assertThat(BROWSER.visible(By.cssSelector("#brokers tr[data-broker='1'] .disk")).getText()).matches("[1-9][0-9.]* (MiB|GiB)");

        By leadersHeader = By.cssSelector("#brokers th[data-key='leaders']");
        BROWSER.click(leadersHeader);
        BROWSER.await("sorted by leaders", driver -> "ascending".equals(driver.findElement(leadersHeader).getAttribute("aria-sort")));
        BROWSER.click(leadersHeader);
        BROWSER.await("sorted by leaders, most first",
                driver -> "descending".equals(driver.findElement(leadersHeader).getAttribute("aria-sort")));
        assertThat(BROWSER.driver().findElement(By.cssSelector("#brokers th[data-key='id']")).getAttribute("aria-sort")).isEqualTo("none");
        BROWSER.screenshot("cluster-01-brokers");
    }

    @Test
    void aDynamicBrokerConfigChangesOnceConfirmedAndKafkaToolsSeeItWhileStaticOnesStayReadOnly() throws Exception {
        logIn();
        BROWSER.open("#/brokers");
        BROWSER.click(By.linkText("1"));
        BROWSER.waitForText(By.cssSelector("#static-configs tr[data-config='broker.id']"), "STATIC_BROKER_CONFIG");
        assertThat(BROWSER.driver().findElements(By.cssSelector("#static-configs button, #static-configs input"))).isEmpty();
        assertThat(new Select(BROWSER.driver().findElement(By.id("broker-config-name"))).getOptions())
                .extracting(option -> option.getText()).contains(LEADER_RATE, FOLLOWER_RATE).doesNotContain("broker.id");
        try {
            BROWSER.click(By.cssSelector(".edit-config[data-config='" + LEADER_RATE + "']"));
            BROWSER.type(By.id("broker-config-value"), "-5");
            BROWSER.click(By.id("broker-config-submit"));
            acceptConfirmation("Change " + LEADER_RATE + " of broker 1: not set → -5?");
            BROWSER.waitForText(By.cssSelector("#broker-config .action-problem"), "Invalid value -5 for configuration " + LEADER_RATE
                    + ": Value must be at least 0");
            BROWSER.waitForText(By.cssSelector("#broker-config .action-problem"), "INVALID_REQUEST");
            assertThat(BROWSER.driver().findElement(By.id("problem")).isDisplayed()).isFalse();
            BROWSER.screenshot("cluster-02-broker-config-refused");

            BROWSER.type(By.id("broker-config-value"), "5000000");
            BROWSER.click(By.id("broker-config-submit"));
            acceptConfirmation("Change " + LEADER_RATE + " of broker 1: not set → 5000000?");
            BROWSER.waitForText(By.id("notice"), "Changed " + LEADER_RATE + " of broker 1: not set → 5000000.");
            BROWSER.waitForText(By.cssSelector("#dynamic-configs tr[data-config='" + LEADER_RATE + "'] .source"), "DYNAMIC_BROKER_CONFIG");
            BROWSER.screenshot("cluster-03-broker-config-changed");
            ToolRun described = new KafkaTools(NODE.bootstrapServer()).run(KafkaTools.CONFIGS,
                    "--describe", "--entity-type", "brokers", "--entity-name", "1");
            assertThat(described.exitCode()).as(described.toString()).isZero();
            assertThat(described.stdout()).contains("Dynamic configs for broker 1 are:", LEADER_RATE + "=5000000 ");

            BROWSER.click(By.cssSelector(".edit-config[data-config='" + LEADER_RATE + "']"));
            BROWSER.driver().findElement(By.id("broker-config-value")).clear();
            BROWSER.click(By.id("broker-config-submit"));
            acceptConfirmation("Change " + LEADER_RATE + " of broker 1: 5000000 → not set?");
            BROWSER.waitForText(By.id("notice"), "Changed " + LEADER_RATE + " of broker 1: 5000000 → not set.");
            BROWSER.waitForText(By.cssSelector("#dynamic-configs tr[data-config='" + LEADER_RATE + "'] .value"), "not set");
            try (Admin admin = admin()) {
                await().atMost(ConsoleBrowser.WAIT).untilAsserted(() -> assertThat(describe(admin, BROKER_1).get(LEADER_RATE)).isNull());
            }
        } finally {
            reset(BROKER_1, LEADER_RATE);
        }
    }

    @Test
    void clusterWideDefaultsApplyToBrokerOne() throws Exception {
        logIn();
        BROWSER.open("#/brokers");
        BROWSER.click(By.linkText("cluster-wide defaults"));
        BROWSER.waitForText(By.tagName("h1"), "Cluster-wide broker defaults");
        try {
            new Select(BROWSER.driver().findElement(By.id("broker-config-name"))).selectByVisibleText(FOLLOWER_RATE);
            BROWSER.type(By.id("broker-config-value"), "7000000");
            BROWSER.click(By.id("broker-config-submit"));
            acceptConfirmation("Change " + FOLLOWER_RATE + " of the cluster-wide defaults: not set → 7000000?");
            BROWSER.waitForText(By.id("notice"), "Changed " + FOLLOWER_RATE + " of the cluster-wide defaults");
            try (Admin admin = admin()) {
                await().atMost(ConsoleBrowser.WAIT).untilAsserted(() ->
                        assertThat(describe(admin, DEFAULTS).get(FOLLOWER_RATE).value()).isEqualTo("7000000"));
            }
            BROWSER.open("#/brokers/1");
            BROWSER.waitForText(By.cssSelector("#dynamic-configs tr[data-config='" + FOLLOWER_RATE + "'] .value"), "7000000");
            BROWSER.waitForText(By.cssSelector("#dynamic-configs tr[data-config='" + FOLLOWER_RATE + "'] .source"),
                    "DYNAMIC_DEFAULT_BROKER_CONFIG");
            BROWSER.screenshot("cluster-04-default-applies");
        } finally {
            reset(DEFAULTS, FOLLOWER_RATE);
        }
    }

    @Test
    void reassignmentsPageSaysNoneRunsOnOneNode() {
        logIn();
        BROWSER.driver().findElement(By.linkText("Reassignments")).click();
        BROWSER.waitForText(By.id("no-reassignments"), "No partition is being reassigned.");
        BROWSER.screenshot("cluster-05-reassignments");
    }

    /** Logs in as admin and waits for the overview, so that its late answer cannot replace the page opened next. */
    private static void logIn() {
        BROWSER.logInAsAdmin();
        BROWSER.visible(By.id("stat-nodes"));
    }

    private static void acceptConfirmation(String question) {
        Alert alert = new WebDriverWait(BROWSER.driver(), ConsoleBrowser.WAIT).until(ExpectedConditions.alertIsPresent());
        assertThat(alert.getText()).isEqualTo(question);
        alert.accept();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer()));
    }

    private static Config describe(Admin admin, ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static void reset(ConfigResource resource, String name) throws Exception {
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry(name, ""), AlterConfigOp.OpType.DELETE)))).all().get();
        }
    }
}
