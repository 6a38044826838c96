package io.partita.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.systemtests.ApiClient.Login;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's records page in headless Chromium on {@link ConsoleData}'s topics: search the 100,000 orders by a
 * JSON field (newest first, then the next page), key, header and a date-time range; follow a topic live and pause;
 * hex dumps of the audit topic's binary keys and its tombstones; produce several records with headers and a null
 * value, find them and export them as JSON lines. Screenshots go to {@code target/screenshots}.
 */
class ConsoleRecordsIT extends ConsoleTest {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Login ADMIN = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);

    @Test
    void searchTheOrdersByJsonFieldKeyHeaderAndTime() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/records?topic=" + ConsoleData.ORDERS);
        BROWSER.waitForText(By.id("search-status"), "50 found");

        BROWSER.type(By.id("search-json"), "customer.country=DE");
        BROWSER.type(By.id("search-limit"), "20");
        search("20 found");
        List<String> values = cells(".record-value");
        assertThat(values).hasSize(20).allSatisfy(value -> assertThat(value).contains("\"country\": \"DE\""));
        assertThat(values.get(0)).contains("\"o-099995\"");
        assertThat(BROWSER.driver().findElement(By.cssSelector("#records tbody tr .record-value details")).getAttribute("open")).isNotNull();
        BROWSER.screenshot("records-01-json-field");
        BROWSER.click(By.id("next-page"));
        BROWSER.await("the next page", driver -> cells(".record-value").get(0).contains("\"o-099855\""));

        BROWSER.type(By.id("search-json"), "");
        BROWSER.type(By.id("search-limit"), "50");
        BROWSER.type(By.id("search-key"), "c-0042");
        search("20 found");
        assertThat(cells(".record-key")).hasSize(20).containsOnly("c-0042");
        assertThat(BROWSER.driver().findElement(By.id("next-page")).isDisplayed()).isFalse();

        BROWSER.type(By.id("search-key"), "");
        BROWSER.type(By.id("search-header"), "trace-id=" + ConsoleData.traceId(12_340));
        search("1 found");
        assertThat(cells(".record-value").get(0)).contains("\"o-012340\"");
        assertThat(BROWSER.driver().findElement(By.cssSelector("#records table.headers")).getText())
                .contains("source mobile").contains("trace-id t-012340");

        // Oldest first from a date-time (the browser's zone), to another one second later, taking all of that second.
        BROWSER.type(By.id("search-header"), "");
        BROWSER.type(By.id("search-limit"), "100");
        new Select(BROWSER.driver().findElement(By.id("search-order"))).selectByValue("oldest");
        long from = DATA.ordersStart().toEpochMilli() + 3_600_000;
        long second = from - from % 1000;
        setLocalTime("search-from", second);
        setLocalTime("search-to", second + 1000);
        long expected = LongStream.range(0, ConsoleData.ORDER_COUNT)
                .map(i -> DATA.ordersStart().toEpochMilli() + i * 72).filter(t -> t >= second && t <= second + 1999).count();
        search(expected + " found");
        long firstOrder = (second - DATA.ordersStart().toEpochMilli() + 71) / 72;
        assertThat(cells(".record-value").get(0)).contains(String.format("\"o-%06d\"", firstOrder));
        assertThat(cells(".record-time").get(0)).contains(UTC.format(Instant.ofEpochMilli(DATA.ordersStart().toEpochMilli() + firstOrder * 72)));
        BROWSER.screenshot("records-02-time-range");
    }

    @Test
    void followATopicLiveAndPause() {
        NODE.api().post(ADMIN, "/api/topics", Map.of("name", "records-live", "partitions", 2));
        NODE.api().post(ADMIN, "/api/records/records-live", Map.of("value", "before the tail"));
        BROWSER.logInAsAdmin();
        BROWSER.open("#/records?topic=records-live");
        BROWSER.waitForText(By.cssSelector("#records .record-value"), "before the tail");
        BROWSER.click(By.id("live"));
        BROWSER.waitForText(By.id("search-status"), "Live: 0 new records shown");
        NODE.api().post(ADMIN, "/api/records/records-live", Map.of("value", "arrived while following", "partition", 1));
        BROWSER.waitForText(By.cssSelector("#records .record-value"), "arrived while following");
        BROWSER.click(By.id("live"));
        BROWSER.waitForText(By.id("search-status"), "Paused; 1 records shown.");
        assertThat(cells(".record-value")).containsExactly("arrived while following");
    }

    @Test
    void hexDumpsOfBinaryKeysAndATombstone() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/records?topic=" + ConsoleData.AUDIT);
        BROWSER.waitForText(By.id("search-status"), "found");
        new Select(BROWSER.driver().findElement(By.id("search-order"))).selectByValue("oldest");
        new Select(BROWSER.driver().findElement(By.id("search-format"))).selectByValue("hex");
        BROWSER.type(By.id("search-offset"), "98");
        BROWSER.type(By.id("search-limit"), "2");
        search("2 found");
        assertThat(cells(".record-key")).containsExactly("00000000  ca fe 00 62  |...b|", "00000000  ca fe 00 63  |...c|");
        assertThat(cells(".record-value").get(0)).startsWith("00000000  75 73 65 72 20 31 33 20 73 69 67 6e 65 64 20 69  |user 13 signed i|\n"
                + "00000010  6e 20 66 72 6f 6d 20 31 30 2e 30 2e 30 2e 39 38  |n from 10.0.0.98|");
        assertThat(cells(".record-value").get(1)).isEqualTo("null (tombstone)");
        BROWSER.screenshot("records-03-hex");
    }

    @Test
    void produceSeveralRecordsFindAndExportThem() throws Exception {
        NODE.api().post(ADMIN, "/api/topics", Map.of("name", "records-produced", "partitions", 1));
        BROWSER.logInAsAdmin();
        BROWSER.open("#/records?topic=records-produced");
        BROWSER.waitForText(By.id("search-status"), "0 found");
        BROWSER.type(By.id("produce-lines"), """
                {"key": "k1", "value": {"n": 1}, "headers": {"source": "it", "trace-id": "x-1"}}
                {"key": "k2", "value": "plain text", "headers": {"source": "it"}}
                {"key": "k3", "value": null}""");
        BROWSER.click(By.id("produce-batch-submit"));
        BROWSER.waitForText(By.id("notice"), "Produced 3 records to records-produced.");
        BROWSER.type(By.id("produce-key"), "k4");
        BROWSER.click(By.id("produce-tombstone"));
        BROWSER.type(By.id("produce-headers"), "a=1\nb=2");
        BROWSER.click(By.id("produce-submit"));
        BROWSER.waitForText(By.id("notice"), "Produced to partition 0 at offset 3.");

        BROWSER.waitForText(By.id("search-status"), "4 found");
        BROWSER.type(By.id("search-header"), "source=it");
        search("2 found");
        assertThat(cells(".record-key")).containsExactly("k2", "k1");
        BROWSER.type(By.id("search-header"), "b=2");
        search("1 found");
        assertThat(cells(".record-value")).containsExactly("null (tombstone)");
        assertThat(BROWSER.driver().findElement(By.cssSelector("#records table.headers")).getText()).contains("a 1").contains("b 2");

        BROWSER.type(By.id("search-header"), "");
        search("4 found");
        BROWSER.screenshot("records-04-produced");
        BROWSER.click(By.id("export"));
        String exported = (String) BROWSER.script("return fetch(document.getElementById('export-link').href).then(r => r.text());");
        List<String> lines = exported.lines().toList();
        assertThat(lines).hasSize(4);
        JsonNode tombstone = ApiClient.JSON.readTree(lines.get(0));
        assertThat(tombstone.get("topic").asText()).isEqualTo("records-produced");
        assertThat(tombstone.get("key").asText()).isEqualTo("k4");
        assertThat(tombstone.get("value").isNull()).isTrue();
        assertThat(ApiClient.JSON.readTree(lines.get(3)).get("value").asText()).isEqualTo("{\"n\":1}");
        assertThat(BROWSER.driver().findElement(By.id("export-link")).getAttribute("download")).isEqualTo("records-produced-records.jsonl");
    }

    /** Sends the search form (which says "Searching…" at once) and waits for its answer. */
    private static void search(String status) {
        BROWSER.click(By.id("search-submit"));
        BROWSER.await("'" + status + "' after a new search", driver ->
                driver.findElement(By.id("search-status")).getText().startsWith(status));
    }

    private static List<String> cells(String css) {
        // Read in one script: a live page may render its rows again between two reads of an element.
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) BROWSER.script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());",
                "#records tbody " + css);
        return texts;
    }

    /** Sets a datetime-local input to a time, written in the browser's zone as such inputs take it. */
    private static void setLocalTime(String id, long ms) {
        BROWSER.script("const d = new Date(arguments[1]); const p = n => String(n).padStart(2, '0');"
                + "document.getElementById(arguments[0]).value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}"
                + "T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;", id, ms);
    }
}
