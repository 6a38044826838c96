package io.partita.systemtests;

import io.partita.systemtests.ApiClient.Answer;
import io.partita.systemtests.ApiClient.Login;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's shell in headless Chromium: one login for every tab and one logout for all of them, the page first
 * asked for reached after the login, nothing shown again by Back after a logout, an action's error beside its form
 * (wrapped, however long), the node's page at / and the console's for unknown paths, and the audit view of changes
 * made through the API and through a Kafka client.
 */
class ConsoleSessionIT extends ConsoleTest {

    private static final Login ADMIN = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);

    @Test
    void aSecondTabIsLoggedInAndALogoutInOneLogsOutTheOther() {
        BROWSER.logInAsAdmin();
        String first = BROWSER.driver().getWindowHandle();
        BROWSER.driver().switchTo().newWindow(WindowType.TAB);
        String second = BROWSER.driver().getWindowHandle();
        try {
            BROWSER.open("#/groups");
            BROWSER.waitForText(By.id("caller"), "admin (admin)");
            BROWSER.waitForText(By.id("view"), "billing");
            BROWSER.screenshot("session-01-second-tab");

            BROWSER.driver().findElement(By.id("logout")).click();
            BROWSER.awaitLoginPage();
        } finally {
            BROWSER.driver().close();
            BROWSER.driver().switchTo().window(first);
        }
        assertThat(second).isNotEqualTo(first);
        BROWSER.awaitLoginPage();
        BROWSER.screenshot("session-02-first-tab-logged-out");
    }

    @Test
    void aTabThatLandsOnTheLoginPageGoesOnWithTheSharedLogin() {
        BROWSER.logInAsAdmin();
        // the console's own HTTP session ends (30 minutes unused) while the API session goes on
        BROWSER.driver().manage().deleteAllCookies();
        BROWSER.driver().get(BROWSER.console() + "not-found.html");
        BROWSER.open("#/groups");
        BROWSER.waitForText(By.id("view"), "billing");
        assertThat(BROWSER.driver().getCurrentUrl()).endsWith("/console/#/groups");
    }

    @Test
    void theLinkAskedForIsShownAfterTheLogin() {
        BROWSER.logInAsAdmin();
        BROWSER.driver().findElement(By.id("logout")).click();
        BROWSER.awaitLoginPage();
        BROWSER.open("#/topics/shop.orders");
        BROWSER.awaitLoginPage();
        BROWSER.logIn(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
        BROWSER.waitForText(By.tagName("h1"), "Topic shop.orders");
        assertThat(BROWSER.driver().getCurrentUrl()).endsWith("/console/#/topics/shop.orders");
    }

    @Test
    void backAfterALogoutShowsTheLoginPageAndNoData() {
        BROWSER.logInAsAdmin();
        // Searched for: other classes' topics (ConsoleTopicsIT's lists.t-*) may push it off the list's first page.
        BROWSER.open("#/topics?q=shop.payments");
        BROWSER.waitForText(By.id("view"), "shop.payments");
        BROWSER.driver().findElement(By.id("logout")).click();
        BROWSER.awaitLoginPage();

        BROWSER.driver().navigate().back();
        BROWSER.awaitLoginPage();
        BROWSER.visible(By.id("login-user"));
        assertThat(BROWSER.driver().getPageSource()).doesNotContain("shop.payments");
        BROWSER.screenshot("session-03-back-after-logout");
    }

    @Test
    void anActionsErrorShowsInItsFormWrappedAndReplacesTheLastNotice() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics");
        BROWSER.type(By.id("new-topic-name"), "session-made");
        BROWSER.type(By.id("new-topic-partitions"), "1");
        BROWSER.click(By.id("create-topic-submit"));
        BROWSER.waitForText(By.id("notice"), "Created topic session-made.");

        BROWSER.type(By.id("new-topic-name"), "session-made-" + "x".repeat(300));
        BROWSER.click(By.id("create-topic-submit"));
        BROWSER.waitForText(By.cssSelector("#create-topic .action-problem"), "x".repeat(100));
        assertThat(BROWSER.driver().findElements(By.id("notice"))).as("the old notice").isEmpty();
        assertThat(BROWSER.driver().findElement(By.id("problem")).isDisplayed()).as("the page's problem box").isFalse();
        Number widthNeeded = (Number) BROWSER.script("return document.documentElement.scrollWidth");
        Number widthShown = (Number) BROWSER.script("return document.documentElement.clientWidth");
        assertThat(widthNeeded.intValue()).as("page width").isLessThanOrEqualTo(widthShown.intValue());
        BROWSER.screenshot("session-04-error-in-form");

        BROWSER.type(By.id("new-topic-name"), "session-made-too");
        BROWSER.click(By.id("create-topic-submit"));
        BROWSER.waitForText(By.id("notice"), "Created topic session-made-too.");
        assertThat(BROWSER.driver().findElements(By.cssSelector(".action-problem"))).isEmpty();
    }

    @Test
    void theNodesPageAtTheRootAndTheConsolesPageOfUnknownPaths() {
        Answer root = NODE.api().get(Login.NOBODY, "/");
        assertThat(root.status()).as(root.toString()).isEqualTo(200);
        assertThat(root.text()).contains("href=\"/console/\"");
        Answer nowhere = NODE.api().get(Login.NOBODY, "/nowhere");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.text()).contains("id=\"not-found\"");
        for (String other : List.of("/openapi", "/metrics", "/health/ready", "/api/node")) {
            assertThat(NODE.api().get(Login.NOBODY, other).status()).as("%s beside the page at /", other).isEqualTo(200);
        }

        BROWSER.logInAsAdmin();
        BROWSER.driver().get(BROWSER.console() + "nope");
        BROWSER.waitForText(By.id("not-found"), "The console has no page at this address.");
        BROWSER.screenshot("session-05-not-found");
        BROWSER.click(By.linkText("Go to the console"));
        BROWSER.waitForText(By.id("caller"), "admin (admin)");

        BROWSER.driver().get(BROWSER.console().replace("/console/", "/"));
        BROWSER.click(By.id("to-console"));
        BROWSER.waitForText(By.id("caller"), "admin (admin)");
    }

    @Test
    void theAuditViewListsChangesThroughTheApiAndAKafkaClient() throws Exception {
        assertThat(NODE.api().post(ADMIN, "/api/topics", Map.of("name", "session-audit-rest", "partitions", 1)).status())
                .isEqualTo(201);
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer()))) {
            kafka.createTopics(List.of(new NewTopic("session-audit-kafka", 1, (short) 1))).all().get();
        }
        BROWSER.logInAsAdmin();
        BROWSER.click(By.linkText("Audit"));
        BROWSER.type(By.id("audit-resource"), "session-audit-");
        BROWSER.type(By.id("audit-action"), "CreateTopics");
        BROWSER.click(By.id("audit-submit"));
        BROWSER.waitForText(By.id("audit-count"), "1–2 of 2");
        assertThat(BROWSER.driver().findElements(By.cssSelector("#audit tbody td.resource")).stream().map(cell -> cell.getText()))
                .as("newest first").containsExactly("topic:session-audit-kafka", "topic:session-audit-rest");
        BROWSER.screenshot("session-06-audit");

        BROWSER.type(By.id("audit-resource"), "/api/topics");
        BROWSER.type(By.id("audit-action"), "POST");
        BROWSER.type(By.id("audit-user"), SecuredNode.ADMIN);
        BROWSER.click(By.id("audit-submit"));
        BROWSER.await("the API's own line", ExpectedConditions.urlContains("action=POST"));
        BROWSER.waitForText(By.cssSelector("#audit tbody"), "/api/topics");
        assertThat(BROWSER.driver().findElements(By.cssSelector("#audit tbody td.action")).stream().map(cell -> cell.getText()))
                .isNotEmpty().allMatch("POST"::equals);
    }
}
