package io.partita.systemtests;

import io.partita.engine.it.InFlightShareRecords;
import io.partita.systemtests.ApiClient.Login;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver; skipped where they are missing),
 * against the node shared with {@link AdminApiIT}: the login page first (every other resource needs a login), log
 * in, create a topic, produce a record, find it in the record
 * browser, see a consumer group's lag and reset its offsets, see a share group's members and records in flight, move a
 * topic's replicas; create a SCRAM user, give it
 * ALTER on the cluster, set and remove a client quota, and log in as that user, an admin by its ACL. Screenshots of each step go to {@code target/screenshots}.
 */
class ConsoleBrowserIT extends ConsoleTest {

    @Test
    void logInCreateATopicProduceBrowseAndSeeLag() throws Exception {
        String console = BROWSER.console();
        // The browser is shared: another class may have logged it in, and left console.js in its cache.
        BROWSER.driver().get(console + "logout");
        BROWSER.awaitLoginPage();
        BROWSER.driver().get(console + "console.js?uncached");
        BROWSER.awaitLoginPage();
        BROWSER.driver().get(console);
        BROWSER.awaitLoginPage();
        BROWSER.logIn(SecuredNode.ADMIN, "not the password");
        BROWSER.waitForText(By.id("problem"), "Wrong user name or password.");
        BROWSER.screenshot("00-login-refused");

        BROWSER.logIn(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
        BROWSER.waitForText(By.id("stat-nodes"), "1");
        BROWSER.waitForText(By.id("caller"), "admin (admin)");
        BROWSER.waitForText(By.id("stat-under-replicated"), "0");
        BROWSER.screenshot("01-overview");

        BROWSER.driver().get(console + "#/topics");
        BROWSER.type(By.id("new-topic-name"), "browser-topic");
        BROWSER.type(By.id("new-topic-partitions"), "2");
        BROWSER.driver().findElement(By.id("create-topic-submit")).click();
        BROWSER.waitForText(By.id("notice"), "Created topic browser-topic.");
        BROWSER.screenshot("02-topic-created");

        BROWSER.driver().findElement(By.linkText("browser-topic")).click();
        BROWSER.click(By.id("topic-records"));
        BROWSER.type(By.id("produce-partition"), "0");
        BROWSER.type(By.id("produce-key"), "greeting");
        BROWSER.type(By.id("produce-value"), "hello from the browser");
        BROWSER.driver().findElement(By.id("produce-submit")).click();
        BROWSER.waitForText(By.id("notice"), "Produced to partition 0 at offset 0.");
        BROWSER.screenshot("03-record-produced");

        BROWSER.driver().get(console + "#/records?topic=browser-topic&partition=0");
        BROWSER.await("the records of partition 0", driver -> "0".equals(BROWSER.script("return document.getElementById('search-partition')?.value")));
        BROWSER.waitForText(By.cssSelector("#records .record-value"), "hello from the browser");
        BROWSER.screenshot("04-record-browser");

        NODE.api().post(new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD), "/api/records/browser-topic",
                Map.of("partition", 0, "value", "second"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer(), ConsumerConfig.GROUP_ID_CONFIG, "browser-group",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("browser-topic", 0), new OffsetAndMetadata(0)));
        }
        BROWSER.driver().get(console + "#/groups");
        new WebDriverWait(BROWSER.driver(), ConsoleBrowser.WAIT).until(ExpectedConditions.elementToBeClickable(By.linkText("browser-group"))).click();
        BROWSER.waitForText(By.cssSelector("tr[data-partition='browser-topic-0'] .lag"), "2");
        BROWSER.waitForText(By.id("group-lag"), "2");
        BROWSER.screenshot("05-group-lag");

        new Select(BROWSER.driver().findElement(By.id("reset-to"))).selectByValue("latest");
        BROWSER.driver().findElement(By.id("reset-preview-submit")).click();
        BROWSER.waitForText(By.id("reset-summary"), "2 partitions; lag 2 → 0");
        BROWSER.driver().findElement(By.id("reset-apply")).click();
        new WebDriverWait(BROWSER.driver(), ConsoleBrowser.WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        BROWSER.waitForText(By.id("notice"), "Moved 2 partitions of browser-topic for group browser-group; their lag is now 0.");
        BROWSER.waitForText(By.cssSelector("tr[data-partition='browser-topic-0'] .lag"), "0");
        BROWSER.screenshot("06-offsets-reset");

        seeAShareGroupsMembersAndRecordsInFlight(console);

        BROWSER.driver().get(console + "#/topics/browser-topic");
        WebElement target = new WebDriverWait(BROWSER.driver(), ConsoleBrowser.WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("move-target")));
        assertThat(target.getAttribute("value")).as("partition 0's replicas").isEqualTo("1");
        BROWSER.driver().findElement(By.id("move-submit")).click();
        BROWSER.waitForText(By.id("notice"), "Reassignment of browser-topic to replicas 1 started.");
        assertThat(BROWSER.driver().findElement(By.id("problem")).isDisplayed()).isFalse();
        assertThat(BROWSER.driver().findElement(By.id("reassignment")).isDisplayed()).as("a move to the same replica is done at once").isFalse();
        BROWSER.screenshot("07-replicas-moved");

        // Two records went to browser-topic a second or more apart so far: at most 2 records/s in any sample.
        ChartOnPage topicThroughput = new ChartOnPage(BROWSER, "topic-throughput");
        BROWSER.await("the topic's chart drawn", driver -> topicThroughput.points() > 0);
        for (int i = 0; i < 20; i++) {
            NODE.api().post(new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD), "/api/records/browser-topic",
                    Map.of("value", "load " + i));
        }
        BROWSER.await("the load in the topic's chart", driver -> topicThroughput.highestTick() > 2);
        BROWSER.screenshot("08-topic-throughput");

        BROWSER.driver().get(console + "#/overview");
        BROWSER.await("the overview's chart drawn", driver -> new ChartOnPage(BROWSER, "throughput").points() > 0);
        BROWSER.waitForText(By.id("throughput"), "records/s");
        BROWSER.screenshot("09-overview-throughput");

        BROWSER.driver().get(console + "#/users");
        BROWSER.type(By.id("user-name"), "console-sam");
        BROWSER.type(By.id("user-password"), "console-sam-secret");
        BROWSER.driver().findElement(By.id("user-submit")).click();
        BROWSER.waitForText(By.id("notice"), "Password of console-sam set (SCRAM-SHA-512).");
        BROWSER.waitForText(By.cssSelector("tr[data-user='console-sam'] .credentials"), "SCRAM-SHA-512 (4096 iterations)");
        BROWSER.screenshot("10-users");

        BROWSER.driver().get(console + "#/acls");
        BROWSER.type(By.id("acl-principal"), "User:console-sam");
        new Select(BROWSER.driver().findElement(By.id("acl-operation"))).selectByVisibleText("ALTER");
        new Select(BROWSER.driver().findElement(By.id("acl-resource-type"))).selectByVisibleText("CLUSTER");
        BROWSER.type(By.id("acl-resource-name"), "kafka-cluster");
        BROWSER.driver().findElement(By.id("acl-submit")).click();
        BROWSER.waitForText(By.id("notice"), "ACL added: User:console-sam ALLOW ALTER on CLUSTER kafka-cluster.");
        BROWSER.waitForText(By.id("acls"), "User:console-sam");
        BROWSER.screenshot("11-acls");

        BROWSER.driver().get(console + "#/quotas");
        BROWSER.type(By.id("quota-user"), "console-sam");
        BROWSER.type(By.id("quota-value"), "1048576");
        BROWSER.driver().findElement(By.id("quota-submit")).click();
        BROWSER.waitForText(By.id("notice"), "Quota producer_byte_rate of users/console-sam set to 1048576.");
        BROWSER.waitForText(By.cssSelector("tr[data-entity='users/console-sam'] .producer_byte_rate"), "1.0 MiB/s");
        BROWSER.screenshot("12-quotas");
        BROWSER.driver().findElement(By.cssSelector("tr[data-entity='users/console-sam'] .remove-quotas")).click();
        new WebDriverWait(BROWSER.driver(), ConsoleBrowser.WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        BROWSER.waitForText(By.id("notice"), "Quotas of users/console-sam removed.");
        assertThat(BROWSER.driver().findElements(By.cssSelector("tr[data-entity='users/console-sam']"))).isEmpty();

        // The user made on these pages logs in with the role their ACL gives: ALTER on the cluster, an admin.
        BROWSER.driver().findElement(By.id("logout")).click();
        BROWSER.awaitLoginPage();
        BROWSER.logIn("console-sam", "console-sam-secret");
        BROWSER.waitForText(By.id("caller"), "console-sam (admin)");
        BROWSER.screenshot("13-scram-user-logged-in");

        BROWSER.driver().findElement(By.id("logout")).click();
        BROWSER.awaitLoginPage();
        BROWSER.driver().get(console + "#/topics");
        BROWSER.awaitLoginPage();
    }

    /** A real share consumer leaves one record in each state; its group's page shows it as a member, and the counts. */
    private static void seeAShareGroupsMembersAndRecordsInFlight(String console) throws Exception {
        Login admin = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
        NODE.api().post(admin, "/api/topics", Map.of("name", "browser-shared", "partitions", 1));
        for (int i = 0; i < 3; i++) NODE.api().post(admin, "/api/records/browser-shared", Map.of("partition", 0, "value", "job " + i));
        InFlightShareRecords.startFromEarliest(NODE.bootstrapServer(), "browser-share-group");
        try (KafkaShareConsumer<String, String> consumer = InFlightShareRecords.subscribed(NODE.bootstrapServer(),
                "browser-share-group", "browser-share-worker", "browser-shared")) {
            InFlightShareRecords.leave(consumer, 3, Map.of(0L, AcknowledgeType.RELEASE, 1L, AcknowledgeType.REJECT));

            BROWSER.driver().get(console + "#/groups");
            new WebDriverWait(BROWSER.driver(), ConsoleBrowser.WAIT).until(ExpectedConditions.elementToBeClickable(By.linkText("browser-share-group"))).click();
            BROWSER.waitForText(By.id("share-state"), "Stable");
            BROWSER.waitForText(By.cssSelector("#share-members .client"), "browser-share-worker");
            BROWSER.waitForText(By.cssSelector("#share-members .assigned"), "browser-shared-0");
            String row = "tr[data-partition='browser-shared-0'] ";
            BROWSER.waitForText(By.cssSelector(row + ".in-flight"), "3");
            BROWSER.waitForText(By.cssSelector(row + ".acquired"), "1");
            BROWSER.waitForText(By.cssSelector(row + ".acknowledged"), "1");
            BROWSER.waitForText(By.cssSelector(row + ".archived"), "1");
            BROWSER.waitForText(By.cssSelector(row + ".available"), "0");
            BROWSER.screenshot("06b-share-group");
        }
    }
}
