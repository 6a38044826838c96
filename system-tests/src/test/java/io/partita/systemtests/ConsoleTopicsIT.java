package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's topic list and a topic's page in headless Chromium, on the shared {@link SecuredNode} with
 * {@link ConsoleData}'s topics and groups, plus {@value #LISTED} topics of its own (three pages of 50) and two that
 * sort differently by records and by size: searched, sorted, paged and kept in the route's query; internal topics
 * hidden until asked for; a topic beyond the node's partition limits and a config line without '=' refused beside
 * the create form; the groups consuming a topic with their lag; deleting a topic confirmed with what it holds.
 */
class ConsoleTopicsIT extends ConsoleTest {

    private static final int LISTED = 120;
    /** Many small records: first by records. */
    private static final String MANY = "lists.t-many";
    /** Few large records: first by size. */
    private static final String WIDE = "lists.t-wide";

    @BeforeAll
    static void createListedTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     NODE.bootstrapServer()), new StringSerializer(), new StringSerializer())) {
            List<NewTopic> topics = new ArrayList<>(IntStream.range(0, LISTED)
                    .mapToObj(i -> new NewTopic(listed(i), 1, (short) 1)).toList());
            topics.add(new NewTopic(MANY, 1, (short) 1));
            topics.add(new NewTopic(WIDE, 1, (short) 1));
            admin.createTopics(topics).all().get();
            for (int i = 0; i < 2_000; i++) producer.send(new ProducerRecord<>(MANY, "m" + i));
            for (int i = 0; i < 200; i++) producer.send(new ProducerRecord<>(WIDE, "w".repeat(10_000)));
            producer.flush();
        }
    }

    private static String listed(int i) {
        return String.format(Locale.ROOT, "lists.t-%03d", i);
    }

    @Test
    void searchSortAndPageTheListKeepingTheViewInTheRoute() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics");
        BROWSER.type(By.id("topic-search"), "lists.t-");
        BROWSER.waitForText(By.id("topics-page"), "Page 1 of 3: topics 1–50 of 122");
        assertThat(firstTopic()).isEqualTo(listed(0));

        BROWSER.click(By.id("topics-next"));
        BROWSER.waitForText(By.id("topics-page"), "Page 2 of 3: topics 51–100 of 122");
        assertThat(firstTopic()).isEqualTo(listed(50));
        assertThat(BROWSER.driver().getCurrentUrl()).endsWith("#/topics?q=lists.t-&page=2");

        BROWSER.click(By.cssSelector("button.sort[data-sort='records']"));
        BROWSER.waitForText(By.id("topics-page"), "Page 1 of 3");
        assertThat(firstTopic()).as("most records first").isEqualTo(MANY);
        assertThat(BROWSER.driver().findElement(By.cssSelector("tr[data-topic='" + MANY + "'] .records")).getText()).isEqualTo("2000");
        BROWSER.click(By.cssSelector("button.sort[data-sort='size']"));
        BROWSER.await("the largest topic first", driver -> firstTopic().equals(WIDE));
        assertThat(BROWSER.driver().findElement(By.cssSelector("tr[data-topic='" + WIDE + "'] .size")).getText()).endsWith("MiB");
        BROWSER.click(By.cssSelector("button.sort[data-sort='size']"));
        BROWSER.await("the smallest topic first", driver -> firstTopic().equals(listed(0)));

        new Select(BROWSER.driver().findElement(By.id("topic-page-size"))).selectByVisibleText("100");
        BROWSER.waitForText(By.id("topics-page"), "Page 1 of 2: topics 1–100 of 122");
        BROWSER.screenshot("topics-list");
    }

    @Test
    void aLinkWithAQueryShowsThatViewAgainAfterAReload() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics?q=lists.t-&sort=-size&page=2&size=25");
        BROWSER.waitForText(By.id("topics-page"), "Page 2 of 5: topics 26–50 of 122");
        // Largest first: the two with records, then the empty ones by name.
        assertThat(firstTopic()).isEqualTo(listed(23));
        BROWSER.driver().navigate().refresh();
        BROWSER.waitForText(By.id("topics-page"), "Page 2 of 5: topics 26–50 of 122");
        assertThat(firstTopic()).isEqualTo(listed(23));
        assertThat(BROWSER.visible(By.id("topic-search")).getAttribute("value")).isEqualTo("lists.t-");
        assertThat(BROWSER.driver().findElement(By.cssSelector("th:has(button[data-sort='size'])")).getAttribute("aria-sort"))
                .isEqualTo("descending");
        assertThat(new Select(BROWSER.driver().findElement(By.id("topic-page-size"))).getFirstSelectedOption().getText()).isEqualTo("25");
    }

    @Test
    void internalTopicsAreHiddenUntilAskedFor() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics?q=__consumer_offsets");
        BROWSER.waitForText(By.id("topics"), "No topic matches.");
        assertThat(BROWSER.driver().findElement(By.id("hide-internal")).isSelected()).isTrue();

        BROWSER.click(By.id("hide-internal"));
        BROWSER.waitForText(By.cssSelector("tr[data-topic='__consumer_offsets'] .name"), "internal");
        assertThat(BROWSER.driver().getCurrentUrl()).endsWith("#/topics?q=__consumer_offsets&internal=shown");
    }

    @Test
    void theCreateFormRefusesBesideItWhatTheClusterWouldRefuse() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics");
        BROWSER.waitForText(By.id("topic-limits"), "max.partitions.per.request");
        BROWSER.type(By.id("new-topic-name"), "lists.huge");
        BROWSER.type(By.id("new-topic-partitions"), "100000");
        BROWSER.click(By.id("create-topic-submit"));
        BROWSER.waitForText(By.cssSelector("#create-topic [role='alert']"),
                "100000 partitions are more than one request may create: max.partitions.per.request=10000.");
        BROWSER.screenshot("topics-create-refused");

        BROWSER.type(By.id("new-topic-partitions"), "1");
        BROWSER.type(By.id("new-topic-replication"), "3");
        BROWSER.click(By.id("create-topic-submit"));
        BROWSER.waitForText(By.cssSelector("#create-topic [role='alert']"),
                "Replication factor 3 is more than the 1 broker(s) of the cluster.");

        BROWSER.type(By.id("new-topic-replication"), "1");
        BROWSER.type(By.id("new-topic-configs"), "retention.ms=60000\ncleanup.policy");
        BROWSER.click(By.id("create-topic-submit"));
        BROWSER.waitForText(By.cssSelector("#create-topic [role='alert']"), "line 2: expected name=value");
        assertThat(NODE.api().get(admin(), "/api/topics/lists.huge").status()).as("nothing created").isEqualTo(404);
    }

    @Test
    void aTopicsPageShowsTheGroupsConsumingItWithTheirLag() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics/" + ConsoleData.ORDERS);
        String billing = BROWSER.visible(By.cssSelector("tr[data-group='" + ConsoleData.LAGGING_GROUP + "'] .lag")).getText();
        assertThat(Long.parseLong(billing)).as("half of every partition").isBetween(ConsoleData.ORDER_COUNT / 2L, ConsoleData.ORDER_COUNT / 2L + 6);
        BROWSER.waitForText(By.cssSelector("tr[data-group='" + ConsoleData.LAGGING_GROUP + "'] .partitions"), "6");
        BROWSER.waitForText(By.cssSelector("tr[data-group='" + ConsoleData.CAUGHT_UP_GROUP + "'] .lag"), "0");
        BROWSER.screenshot("topic-groups");
    }

    @Test
    void deletingATopicIsConfirmedNamingWhatItHolds() {
        NODE.api().post(admin(), "/api/topics", Map.of("name", "lists.doomed", "partitions", 3));
        for (int i = 0; i < 10; i++) NODE.api().post(admin(), "/api/records/lists.doomed", Map.of("partition", i % 3, "value", "v" + i));
        BROWSER.logInAsAdmin();
        BROWSER.open("#/topics/lists.doomed");
        BROWSER.click(By.id("delete-topic"));
        Alert confirm = BROWSER.await("the confirmation", ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).isEqualTo("Delete topic lists.doomed, its 3 partitions and 10 records?");
        confirm.accept();
        BROWSER.await("the topic list", ExpectedConditions.urlMatches("#/topics$"));
        BROWSER.await("the topic gone", driver -> NODE.api().get(admin(), "/api/topics/lists.doomed").status() == 404);
    }

    private static String firstTopic() {
        return BROWSER.visible(By.cssSelector("#topics tbody tr")).getAttribute("data-topic");
    }

    private static ApiClient.Login admin() {
        return new ApiClient.Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
    }
}
