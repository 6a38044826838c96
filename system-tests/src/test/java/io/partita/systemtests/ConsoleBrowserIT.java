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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver; skipped where they are missing),
 * against the node shared with {@link AdminApiIT}: the login page first (every other resource needs a login), log
 * in, create a topic, produce a record, find it in the record
 * browser, see a consumer group's lag and reset its offsets, see a share group's members and records in flight, move a
 * topic's replicas; create a SCRAM user, give it
 * ALTER on the cluster, set and remove a client quota, and log in as that user, an admin by its ACL. Screenshots of each step go to {@code target/screenshots}.
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SecuredNode NODE = new SecuredNode();

    private static ChromeDriverService service;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void openBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver");
        profile = Files.createTempDirectory("partita-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterAll
    static void closeBrowser() {
        try {
            if (browser != null) browser.quit();
        } finally {
            if (service != null) service.stop();
            if (profile != null) Directories.deleteRecursively(profile);
        }
    }

    @Test
    void logInCreateATopicProduceBrowseAndSeeLag() throws Exception {
        String console = "http://127.0.0.1:" + NODE.httpPort() + "/console/";
        browser.get(console + "console.js");
        awaitLoginPage();
        browser.get(console);
        awaitLoginPage();
        logIn(SecuredNode.ADMIN, "not the password");
        waitForText(By.id("problem"), "Wrong user name or password.");
        screenshot("00-login-refused");

        logIn(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
        waitForText(By.id("stat-nodes"), "1");
        waitForText(By.id("caller"), "admin (admin)");
        waitForText(By.id("stat-under-replicated"), "0");
        screenshot("01-overview");

        browser.get(console + "#/topics");
        type(By.id("new-topic-name"), "browser-topic");
        type(By.id("new-topic-partitions"), "2");
        browser.findElement(By.id("create-topic-submit")).click();
        waitForText(By.id("notice"), "Created topic browser-topic.");
        screenshot("02-topic-created");

        browser.findElement(By.linkText("browser-topic")).click();
        type(By.id("produce-partition"), "0");
        type(By.id("produce-key"), "greeting");
        type(By.id("produce-value"), "hello from the browser");
        browser.findElement(By.id("produce-submit")).click();
        waitForText(By.id("notice"), "Produced to partition 0 at offset 0.");
        screenshot("03-record-produced");

        browser.get(console + "#/records?topic=browser-topic&partition=0");
        waitForText(By.cssSelector("#records .record-value"), "hello from the browser");
        screenshot("04-record-browser");

        NODE.api().post(new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD), "/api/records/browser-topic",
                Map.of("partition", 0, "value", "second"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer(), ConsumerConfig.GROUP_ID_CONFIG, "browser-group",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("browser-topic", 0), new OffsetAndMetadata(0)));
        }
        browser.get(console + "#/groups");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.linkText("browser-group"))).click();
        waitForText(By.cssSelector("tr[data-partition='browser-topic-0'] .lag"), "2");
        waitForText(By.id("group-lag"), "2");
        screenshot("05-group-lag");

        new Select(browser.findElement(By.id("reset-to"))).selectByVisibleText("latest");
        browser.findElement(By.id("reset-submit")).click();
        waitForText(By.id("notice"), "Offsets of browser-topic reset (2 partitions); total lag now 0.");
        waitForText(By.cssSelector("tr[data-partition='browser-topic-0'] .lag"), "0");
        screenshot("06-offsets-reset");

        seeAShareGroupsMembersAndRecordsInFlight(console);

        browser.get(console + "#/topics/browser-topic");
        WebElement target = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("move-target")));
        assertThat(target.getAttribute("value")).as("partition 0's replicas").isEqualTo("1");
        browser.findElement(By.id("move-submit")).click();
        waitForText(By.id("notice"), "Reassignment of browser-topic to replicas 1 started.");
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("reassignment")).isDisplayed()).as("a move to the same replica is done at once").isFalse();
        screenshot("07-replicas-moved");

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#topic-throughput polyline")));
        for (int i = 0; i < 20; i++) {
            NODE.api().post(new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD), "/api/records/browser-topic",
                    Map.of("value", "load " + i));
        }
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElement(By.id("topic-throughput")).getText()
                .contains("now 0.00 records/s"));
        screenshot("08-topic-throughput");

        browser.get(console + "#/overview");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#throughput polyline")));
        for (int i = 0; i < 20; i++) {
            NODE.api().post(new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD), "/api/records/browser-topic",
                    Map.of("value", "seen by the overview " + i));
        }
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElement(By.id("throughput")).getText()
                .contains("now 0.00 records/s"));
        screenshot("09-overview-throughput");

        browser.get(console + "#/users");
        type(By.id("user-name"), "console-sam");
        type(By.id("user-password"), "console-sam-secret");
        browser.findElement(By.id("user-submit")).click();
        waitForText(By.id("notice"), "Password of console-sam set (SCRAM-SHA-512).");
        waitForText(By.cssSelector("tr[data-user='console-sam'] .credentials"), "SCRAM-SHA-512 (4096 iterations)");
        screenshot("10-users");

        browser.get(console + "#/acls");
        type(By.id("acl-principal"), "User:console-sam");
        new Select(browser.findElement(By.id("acl-operation"))).selectByVisibleText("ALTER");
        new Select(browser.findElement(By.id("acl-resource-type"))).selectByVisibleText("CLUSTER");
        type(By.id("acl-resource-name"), "kafka-cluster");
        browser.findElement(By.id("acl-submit")).click();
        waitForText(By.id("notice"), "ACL added: User:console-sam ALLOW ALTER on CLUSTER kafka-cluster.");
        waitForText(By.id("acls"), "User:console-sam");
        screenshot("11-acls");

        browser.get(console + "#/quotas");
        type(By.id("quota-user"), "console-sam");
        type(By.id("quota-value"), "1048576");
        browser.findElement(By.id("quota-submit")).click();
        waitForText(By.id("notice"), "Quota producer_byte_rate of users/console-sam set to 1048576.");
        waitForText(By.cssSelector("tr[data-entity='users/console-sam'] .producer_byte_rate"), "1.0 MiB/s");
        screenshot("12-quotas");
        browser.findElement(By.cssSelector("tr[data-entity='users/console-sam'] .remove-quotas")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        waitForText(By.id("notice"), "Quotas of users/console-sam removed.");
        assertThat(browser.findElements(By.cssSelector("tr[data-entity='users/console-sam']"))).isEmpty();

        // The user made on these pages logs in with the role their ACL gives: ALTER on the cluster, an admin.
        browser.findElement(By.id("logout")).click();
        awaitLoginPage();
        logIn("console-sam", "console-sam-secret");
        waitForText(By.id("caller"), "console-sam (admin)");
        screenshot("13-scram-user-logged-in");

        browser.findElement(By.id("logout")).click();
        awaitLoginPage();
        browser.get(console + "#/topics");
        awaitLoginPage();
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

            browser.get(console + "#/groups");
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.linkText("browser-share-group"))).click();
            waitForText(By.id("share-state"), "Stable");
            waitForText(By.cssSelector("#share-members .client"), "browser-share-worker");
            waitForText(By.cssSelector("#share-members .assigned"), "browser-shared-0");
            String row = "tr[data-partition='browser-shared-0'] ";
            waitForText(By.cssSelector(row + ".in-flight"), "3");
            waitForText(By.cssSelector(row + ".acquired"), "1");
            waitForText(By.cssSelector(row + ".acknowledged"), "1");
            waitForText(By.cssSelector(row + ".archived"), "1");
            waitForText(By.cssSelector(row + ".available"), "0");
            screenshot("06b-share-group");
        }
    }

    /** Sends the login page's form. */
    private static void logIn(String user, String password) {
        type(By.id("login-user"), user);
        type(By.id("login-password"), password);
        browser.findElement(By.id("login-submit")).click();
    }

    /** The browser was sent to the login page (keeping the fragment of the page it asked for, as browsers do). */
    private static void awaitLoginPage() {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlMatches(".*/console/login\\.html(#.*)?$"));
    }

    private static void type(By field, String text) {
        WebElement element = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(field));
        element.clear();
        element.sendKeys(text);
    }

    private static void waitForText(By element, String text) {
        try {
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(element, text));
        } catch (RuntimeException e) {
            screenshot("failed");
            String problem = browser.findElements(By.id("problem")).stream().map(WebElement::getText).findFirst().orElse("");
            throw new AssertionError("No '" + text + "' in " + element + "; problem shown: " + problem, e);
        }
        assertThat(browser.findElement(element).getText()).contains(text);
    }

    private static void screenshot(String name) {
        try {
            Path directory = Path.of(BuildSettings.required("partita.it.screenshots"));
            Files.createDirectories(directory);
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), directory.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError("Cannot keep screenshot " + name, e);
        }
    }
}
