package io.partita.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.systemtests.ApiClient.Answer;
import io.partita.systemtests.ApiClient.Login;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.partita.systemtests.AdminApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record search of the admin API ({@code GET /api/records/{topic}}) on {@link ConsoleData}'s 100,000 orders:
 * its bounds (limit, maxScan, maxMillis) and their cursor, which goes on without losing or repeating a record; a time
 * range; its refusals of bad input; and the batch producer with a tombstone.
 */
class RecordSearchApiIT {

    @RegisterExtension
    @Order(1)
    static final SecuredNode NODE = new SecuredNode();
    @RegisterExtension
    @Order(2)
    static final ConsoleData DATA = new ConsoleData(NODE);

    private static final Login ADMIN = new Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
    private static final String ORDERS = "/api/records/" + ConsoleData.ORDERS;

    @Test
    void boundsStopTheSearchAndItsCursorGoesOnWithoutLosingARecord() {
        ApiClient api = NODE.api();
        JsonNode page = ok(api.get(ADMIN, ORDERS + "?limit=5&jsonField=" + q("$.customer.country == \"DE\"")));
        assertThat(page.get("records")).hasSize(5);
        assertThat(page.get("stoppedBy").asText()).isEqualTo("limit");
        assertThat(page.get("records").get(0).get("value").asText()).contains("\"orderId\":\"o-099995\"");
        JsonNode second = ok(api.get(ADMIN, ORDERS + "?limit=5&jsonField=customer.country=DE&cursor=" + q(page.get("cursor").asText())));
        assertThat(second.get("records").get(0).get("value").asText()).contains("\"orderId\":\"o-099960\"");

        JsonNode byIndex = ok(api.get(ADMIN, ORDERS + "?limit=3&jsonField=" + q("items.0.sku~sku-9") + "&value=" + q("\"qty\":2")));
        assertThat(byIndex.get("records")).hasSize(3).allSatisfy(r -> assertThat(r.get("value").asText()).contains("\"sku\":\"sku-9").contains("\"qty\":2"));

        // The oldest order's trace id, newest first a few thousand records a page: every record read exactly once.
        long scanned = 0;
        List<String> found = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode bounded = ok(api.get(ADMIN, ORDERS + "?header=" + q("trace-id=" + ConsoleData.traceId(0))
                    + "&maxScan=7000&cursor=" + q(cursor)));
            assertThat(bounded.get("scanned").asLong()).isLessThanOrEqualTo(7000);
            bounded.get("records").forEach(r -> found.add(r.get("value").asText()));
            scanned += bounded.get("scanned").asLong();
            cursor = bounded.path("cursor").asText("");
            if (!cursor.isEmpty()) assertThat(bounded.get("stoppedBy").asText()).isIn("scan", "time");
            pages++;
        } while (!cursor.isEmpty());
        assertThat(found).containsExactly(ConsoleData.order(0));
        assertThat(scanned).isEqualTo(ConsoleData.ORDER_COUNT);
        assertThat(pages).isGreaterThan(ConsoleData.ORDER_COUNT / 7000);

        JsonNode hurried = ok(api.get(ADMIN, ORDERS + "?value=nowhere&maxMillis=1"));
        assertThat(hurried.get("stoppedBy").asText()).isEqualTo("time");
        assertThat(hurried.get("cursor").asText()).isNotBlank();
    }

    @Test
    void aTimeRangeOldestFirstAndOnePartition() {
        long start = DATA.ordersStart().toEpochMilli();
        JsonNode page = ok(NODE.api().get(ADMIN, ORDERS + "?order=oldest&from=" + (start + 1000 * 72L) + "&to=" + (start + 1009 * 72L)));
        List<String> values = new ArrayList<>();
        page.get("records").forEach(r -> values.add(r.get("value").asText()));
        assertThat(values).containsExactly(IntStream.range(1000, 1010).mapToObj(ConsoleData::order).toArray(String[]::new));
        assertThat(page.get("stoppedBy").asText()).isEqualTo("end");
        assertThat(page.hasNonNull("cursor")).isFalse();

        JsonNode onePartition = ok(NODE.api().get(ADMIN, ORDERS + "?partition=2&order=oldest&offset=10&limit=3&key=c-"));
        assertThat(onePartition.get("records")).extracting(r -> r.get("partition").asInt() + ":" + r.get("offset").asLong())
                .containsExactly("2:10", "2:11", "2:12");
        assertThat(onePartition.get("partitions")).hasSize(1);
        assertThat(onePartition.get("cursor").asText()).isEqualTo("2:13");
    }

    @Test
    void badInputIsRefusedSayingWhy() {
        ApiClient api = NODE.api();
        assertDetail(api.get(ADMIN, ORDERS + "?from=2000&to=1000"), 400, "must not be after");
        assertDetail(api.get(ADMIN, ORDERS + "?jsonField=customer.country"), 400, "jsonField must be a path");
        assertDetail(api.get(ADMIN, ORDERS + "?jsonField=" + q("customer..country=DE")), 400, "jsonField must be a path");
        assertDetail(api.get(ADMIN, ORDERS + "?order=sideways"), 400, "order must be newest or oldest");
        assertDetail(api.get(ADMIN, ORDERS + "?offset=5"), 400, "offset goes with order=oldest");
        assertDetail(api.get(ADMIN, ORDERS + "?cursor=zero"), 400, "cursor must be");
        assertDetail(api.get(ADMIN, ORDERS + "?limit=0"), 400, "limit must be 1 to 500");
        assertDetail(api.get(ADMIN, ORDERS + "?maxScan=0"), 400, "maxScan");
        assertDetail(api.get(ADMIN, ORDERS + "?header=" + q("=x")), 400, "header must be");
        assertProblem(api.get(ADMIN, "/api/records/no.such.topic?key=x"), 404, 3);
        assertProblem(api.get(ADMIN, ORDERS + "?partition=6"), 404, 3);
        assertDetail(api.post(ADMIN, "/api/records/" + ConsoleData.ORDERS + "/batch", List.of()), 400, "Give 1 to 1000 records");
    }

    @Test
    void aBatchWithATombstoneIsFoundAgain() {
        ApiClient api = NODE.api();
        assertThat(api.post(ADMIN, "/api/topics", Map.of("name", "search-batch", "partitions", 2)).status()).isEqualTo(201);
        Map<String, Object> tombstone = new HashMap<>();
        tombstone.put("key", "gone");
        tombstone.put("value", null);
        tombstone.put("partition", 1);
        Answer written = api.post(ADMIN, "/api/records/search-batch/batch", List.of(
                Map.of("key", "kept", "value", "{\"a\":1}", "headers", Map.of("source", "batch", "n", "1")), tombstone));
        assertThat(written.status()).as(written.toString()).isEqualTo(201);
        assertThat(written.json()).hasSize(2);
        assertThat(written.json().get(1).get("partition").asInt()).isEqualTo(1);

        JsonNode gone = ok(api.get(ADMIN, "/api/records/search-batch?key=gone"));
        assertThat(gone.get("records")).hasSize(1);
        assertThat(gone.get("records").get(0).get("value").isNull()).isTrue();
        JsonNode kept = ok(api.get(ADMIN, "/api/records/search-batch?header=source%3Dbatch&jsonField=a%3D1"));
        assertThat(kept.get("records")).extracting(r -> r.get("key").asText()).containsExactly("kept");
    }

    private static JsonNode ok(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static void assertDetail(Answer answer, int status, String detail) {
        assertProblem(answer, status, null);
        assertThat(answer.json().get("detail").asText()).contains(detail);
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
