package io.partita.systemtests;

import io.partita.systemtests.ApiClient.Login;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's groups in headless Chromium on {@link ConsoleData}: resets previewed, edited, confirmed (or not) and
 * applied across several topics; the refusals beside the form (an empty value, a group with a real consumer in it);
 * the groups list searched, sorted and paged over two hundred groups; a group's lag table following new records.
 * Every group changed here is made here; {@code billing} and {@code shipping} are only read.
 */
class ConsoleGroupsIT extends ConsoleTest {

    private static final Login ADMIN = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
    private static final List<TopicPartition> ORDERS = partitions(ConsoleData.ORDERS, ConsoleData.ORDERS_PARTITIONS);
    private static final List<TopicPartition> ORDERS_AND_PAYMENTS = Stream.concat(ORDERS.stream(),
            partitions(ConsoleData.PAYMENTS, 3).stream()).toList();

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void previewsAndAppliesAShiftAndADatetimeAcrossTwoTopicsOnlyOnceConfirmed() throws Exception {
        BROWSER.logInAsAdmin();
        Map<TopicPartition, Long> ends = offsets(ORDERS_AND_PAYMENTS, OffsetSpec.latest());
        commit("console-reset", ends);
        BROWSER.open("#/groups/console-reset");
        BROWSER.waitForText(By.id("group-state"), "Empty");
        assertThat(new Select(BROWSER.visible(By.id("reset-topics"))).getAllSelectedOptions())
                .extracting(option -> option.getText()).as("the group's topics").containsExactly(ConsoleData.ORDERS, ConsoleData.PAYMENTS);

        new Select(BROWSER.visible(By.id("reset-to"))).selectByValue("shift-by");
        BROWSER.type(By.id("reset-value"), "-1000");
        BROWSER.click(By.id("reset-preview-submit"));
        BROWSER.waitForText(By.id("reset-summary"), "9 partitions; lag 0 → 9,000");
        TopicPartition first = ORDERS.get(0);
        assertThat(newOffsetShown(first)).isEqualTo(String.valueOf(ends.get(first) - 1000));
        BROWSER.screenshot("groups-01-shift-preview");

        BROWSER.click(By.id("reset-apply"));
        Alert confirmation = BROWSER.await("the confirmation", ExpectedConditions.alertIsPresent());
        assertThat(confirmation.getText())
                .isEqualTo("Move 9 partitions of shop.orders, shop.payments for group console-reset; lag 0 → 9,000?");
        confirmation.dismiss();
        assertThat(committed("console-reset")).as("dismissed: nothing moves").isEqualTo(ends);
        assertThat(BROWSER.visible(By.id("reset-summary")).getText()).as("the preview stays").contains("9 partitions");

        BROWSER.click(By.id("reset-apply"));
        BROWSER.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();
        BROWSER.waitForText(By.id("notice"),
                "Moved 9 partitions of shop.orders, shop.payments for group console-reset; their lag is now 9,000.");
        assertThat(committed("console-reset")).isEqualTo(ends.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue() - 1000)));
        BROWSER.waitForText(By.cssSelector("#group-offsets tr[data-partition='shop.orders-0'] .lag"), "1000");
        BROWSER.waitForText(By.id("group-lag"), "9000");

        // The browser's zone, whatever it is, is the zone of the datetime-local field; the API gets UTC.
        ZoneId zone = ZoneId.of((String) BROWSER.script("return Intl.DateTimeFormat().resolvedOptions().timeZone"));
        Instant at = DATA.ordersStart().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        new Select(BROWSER.visible(By.id("reset-to"))).selectByValue("datetime");
        BROWSER.script("const field = document.getElementById('reset-value'); field.value = arguments[0];"
                        + "field.dispatchEvent(new Event('input', { bubbles: true }));",
                LocalDateTime.ofInstant(at, zone).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        BROWSER.waitForText(By.id("reset-utc"), "= " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .format(at.atOffset(ZoneOffset.UTC)) + " UTC");
        BROWSER.click(By.id("reset-preview-submit"));
        BROWSER.waitForText(By.id("reset-summary"), "9 partitions; lag 9,000 → ");
        BROWSER.screenshot("groups-02-datetime-preview");
        BROWSER.click(By.id("reset-apply"));
        BROWSER.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();
        BROWSER.waitForText(By.id("notice"), "Moved 9 partitions of shop.orders, shop.payments for group console-reset");
        Map<TopicPartition, Long> byTime = offsets(ORDERS_AND_PAYMENTS, OffsetSpec.forTimestamp(at.toEpochMilli()));
        assertThat(byTime.get(first)).as("an hour into the orders").isPositive().isLessThan(ends.get(first));
        assertThat(committed("console-reset")).isEqualTo(byTime);
    }

    @Test
    void appliesAnEditedOffsetAndRefusesAnEmptyValueBesideTheForm() throws Exception {
        BROWSER.logInAsAdmin();
        commit("console-edit", ORDERS.stream().collect(Collectors.toMap(Function.identity(), partition -> 100L)));
        BROWSER.open("#/groups/console-edit");
        new Select(BROWSER.visible(By.id("reset-to"))).selectByValue("offset");
        BROWSER.type(By.id("reset-partitions"), "0, 1");
        BROWSER.type(By.id("reset-value"), "10");
        BROWSER.click(By.id("reset-preview-submit"));
        BROWSER.waitForText(By.id("reset-summary"), "2 partitions; lag ");
        String edited = "#reset-partitions-preview tr[data-partition='shop.orders-1'] ";
        String lagAfter = BROWSER.visible(By.cssSelector(edited + ".lag-after")).getText();
        BROWSER.type(By.cssSelector(edited + ".new-offset"), "20");
        BROWSER.await("the lag after the edit", driver -> !driver.findElement(By.cssSelector(edited + ".lag-after")).getText().equals(lagAfter));
        long end = offsets(List.of(ORDERS.get(1)), OffsetSpec.latest()).get(ORDERS.get(1));
        assertThat(BROWSER.visible(By.cssSelector(edited + ".lag-after")).getText()).isEqualTo(String.format(Locale.ROOT, "%,d", end - 20));
        BROWSER.screenshot("groups-03-edited-preview");
        BROWSER.click(By.id("reset-apply"));
        BROWSER.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();
        BROWSER.waitForText(By.id("notice"), "Moved 2 partitions of shop.orders for group console-edit");
        Map<TopicPartition, Long> expected = new HashMap<>(ORDERS.stream().collect(Collectors.toMap(Function.identity(), partition -> 100L)));
        expected.put(ORDERS.get(0), 10L);
        expected.put(ORDERS.get(1), 20L);
        assertThat(committed("console-edit")).isEqualTo(expected);

        new Select(BROWSER.visible(By.id("reset-to"))).selectByValue("offset");
        BROWSER.click(By.id("reset-preview-submit"));
        BROWSER.waitForText(By.cssSelector("#reset-offsets .action-problem"), "Give 'offset' (the offset to move to) to reset with to=offset");
        assertThat(BROWSER.driver().findElements(By.id("notice"))).as("the old success goes").isEmpty();
        assertThat(BROWSER.driver().findElement(By.id("reset-apply")).isEnabled()).isFalse();
        new Select(BROWSER.visible(By.id("reset-to"))).selectByValue("datetime");
        BROWSER.click(By.id("reset-preview-submit"));
        BROWSER.waitForText(By.cssSelector("#reset-offsets .action-problem"), "Give 'datetime'");
        BROWSER.screenshot("groups-04-empty-value-refused");
        assertThat(committed("console-edit")).isEqualTo(expected);
    }

    @Test
    void refusesToResetAGroupWithAnActiveMemberNamingIt() {
        BROWSER.logInAsAdmin();
        try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                NODE.bootstrapServer(), ConsumerConfig.GROUP_ID_CONFIG, "console-active", ConsumerConfig.CLIENT_ID_CONFIG,
                "console-active-worker", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            member.subscribe(List.of(ConsoleData.AUDIT));
            await().pollInSameThread().atMost(ConsoleBrowser.WAIT).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            BROWSER.open("#/groups/console-active");
            BROWSER.waitForText(By.cssSelector("#group-members .client"), "console-active-worker");
            new Select(BROWSER.visible(By.id("reset-topics"))).selectByVisibleText(ConsoleData.AUDIT);
            BROWSER.click(By.id("reset-preview-submit"));
            BROWSER.waitForText(By.cssSelector("#reset-offsets .action-problem"), "Group console-active has 1 active member (client id "
                    + "console-active-worker): stop it before resetting its offsets.");
            BROWSER.screenshot("groups-05-active-refused");
        }
    }

    @Test
    void listsTwoHundredGroupsSearchedSortedAndPaged() throws Exception {
        BROWSER.logInAsAdmin();
        TopicPartition payments = new TopicPartition(ConsoleData.PAYMENTS, 0);
        for (int i = 0; i < 200; i++) commit(String.format("console-list-%03d", i), Map.of(payments, i * 10L));
        commit("_console-internal", Map.of(payments, 0L));
        long[] millis = IntStream.range(0, 5).mapToLong(i -> {
            long start = System.nanoTime();
            assertThat(NODE.api().get(ADMIN, "/api/groups").status()).isEqualTo(200);
            return (System.nanoTime() - start) / 1_000_000;
        }).sorted().toArray();
        System.out.printf("GET /api/groups with %d groups: median %d ms of %s%n",
                NODE.api().get(ADMIN, "/api/groups").json().size(), millis[2], Arrays.toString(millis));

        BROWSER.open("#/groups");
        BROWSER.type(By.id("group-search"), "console-list");
        BROWSER.waitForText(By.id("groups-count"), "200 of ");
        assertThat(rows()).hasSize(50);
        BROWSER.waitForText(By.id("groups-page"), "Page 1 of 4");
        assertThat(rows().get(0)).isEqualTo("console-list-000");
        String first = "#groups tr[data-group='console-list-000'] ";
        assertThat(BROWSER.visible(By.cssSelector(first + ".members")).getText()).isEqualTo("0");
        assertThat(BROWSER.visible(By.cssSelector(first + ".topics")).getText()).isEqualTo(ConsoleData.PAYMENTS);

        BROWSER.click(By.cssSelector("#groups th[data-sort='totalLag']"));
        BROWSER.await("the smallest lag first", driver -> rows().get(0).equals("console-list-199"));
        BROWSER.click(By.cssSelector("#groups th[data-sort='totalLag']"));
        BROWSER.await("the largest lag first", driver -> rows().get(0).equals("console-list-000"));
        BROWSER.click(By.id("groups-next"));
        BROWSER.waitForText(By.id("groups-page"), "Page 2 of 4");
        assertThat(rows()).hasSize(50).startsWith("console-list-050");
        BROWSER.click(By.cssSelector("#groups th[data-sort='groupId']"));
        BROWSER.await("sorted by id from the first page", driver -> rows().get(0).equals("console-list-000"));
        BROWSER.click(By.cssSelector("#groups th[data-sort='groupId']"));
        BROWSER.await("sorted by id, descending", driver -> rows().get(0).equals("console-list-199"));
        BROWSER.screenshot("groups-06-list-sorted");

        BROWSER.type(By.id("group-search"), "console-list-19");
        BROWSER.await("ten groups", driver -> rows().size() == 10);
        BROWSER.waitForText(By.id("groups-page"), "Page 1 of 1");
        assertThat(BROWSER.driver().findElement(By.id("groups-next")).isEnabled()).isFalse();

        BROWSER.type(By.id("group-search"), "_console");
        BROWSER.waitForText(By.id("groups-count"), "0 of ");
        BROWSER.click(By.id("hide-internal"));
        BROWSER.await("the internal group", driver -> rows().equals(List.of("_console-internal")));
        BROWSER.type(By.id("group-search"), ConsoleData.ORDERS);
        BROWSER.await("the groups on the orders", driver -> rows().contains(ConsoleData.LAGGING_GROUP));
        assertThat(BROWSER.visible(By.cssSelector("#groups tr[data-group='billing'] .lag")).getText())
                .as("about half the orders").matches("\\d{2},\\d{3}");
    }

    @Test
    void groupPageFollowsNewRecordsInItsLagTable() {
        BROWSER.logInAsAdmin();
        assertThat(NODE.api().post(ADMIN, "/api/topics", Map.of("name", "console-refresh", "partitions", 1)).status()).isEqualTo(201);
        for (int i = 0; i < 3; i++) NODE.api().post(ADMIN, "/api/records/console-refresh", Map.of("partition", 0, "value", "r" + i));
        commit("console-refresh-group", Map.of(new TopicPartition("console-refresh", 0), 1L));
        BROWSER.open("#/groups/console-refresh-group");
        String row = "#group-offsets tr[data-partition='console-refresh-0'] ";
        BROWSER.waitForText(By.cssSelector(row + ".lag"), "2");
        BROWSER.waitForText(By.id("group-topics"), "console-refresh");
        for (int i = 0; i < 5; i++) NODE.api().post(ADMIN, "/api/records/console-refresh", Map.of("partition", 0, "value", "more " + i));
        BROWSER.waitForText(By.cssSelector(row + ".lag"), "7");
        BROWSER.waitForText(By.cssSelector(row + ".end"), "8");
        BROWSER.waitForText(By.id("group-lag"), "7");
    }

    private static List<String> rows() {
        return BROWSER.driver().findElements(By.cssSelector("#groups tbody tr[data-group]")).stream()
                .map(row -> row.getAttribute("data-group")).toList();
    }

    private static String newOffsetShown(TopicPartition partition) {
        return BROWSER.visible(By.cssSelector("#reset-partitions-preview tr[data-partition='" + partition + "'] .new-offset"))
                .getAttribute("value");
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) {
        try {
            admin.alterConsumerGroupOffsets(group, offsets.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue())))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("Cannot commit offsets of " + group, e);
        }
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /** Where spec points in each partition; the log end where a time lies past the last record. */
    private static Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(),
                partition -> OffsetSpec.latest()))).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec))).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        entry -> entry.getValue().offset() < 0 ? ends.get(entry.getKey()) : entry.getValue().offset()));
    }
}
