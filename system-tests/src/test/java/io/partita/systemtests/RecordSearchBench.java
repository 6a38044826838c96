package io.partita.systemtests;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * Measures, in the browser, how long the records page takes from a search's submit to its results shown (the next
 * frame after the status line says what was found), over {@link ConsoleData}'s 100,000 orders: a few searches that
 * stop early and a few that read all the orders. Prints the times; asserts none (docs/benchmarks.md keeps them).
 * Not part of the CI run (its name is no *IT); run it with {@code -Dit.test=RecordSearchBench}.
 */
class RecordSearchBench extends ConsoleTest {

    private static final int RUNS = 10;
    private static final String MEASURE = """
            const fields = arguments[0];
            for (const [id, value] of Object.entries(fields)) document.getElementById(id).value = value;
            const status = document.getElementById('search-status');
            return new Promise(resolve => {
              const start = performance.now();
              const observer = new MutationObserver(() => {
                if (!status.textContent.includes(' found, ')) return;
                observer.disconnect();
                requestAnimationFrame(() => resolve({ ms: performance.now() - start, status: status.textContent }));
              });
              observer.observe(status, { childList: true, characterData: true, subtree: true });
              document.getElementById('search-submit').click();
            });""";

    @Test
    void searchOverTheOrders() {
        BROWSER.logInAsAdmin();
        BROWSER.open("#/records?topic=" + ConsoleData.ORDERS);
        BROWSER.waitForText(By.id("search-status"), "50 found");
        Map<String, Map<String, String>> searches = new LinkedHashMap<>();
        searches.put("newest 50, no filter", Map.of());
        searches.put("JSON field customer.country=DE, 50", Map.of("search-json", "customer.country=DE"));
        searches.put("header trace-id=t-000000 (reads all 100,000)", Map.of("search-json", "", "search-header", "trace-id=t-000000"));
        searches.put("value contains 'nowhere' (reads all 100,000)", Map.of("search-header", "", "search-value", "nowhere"));
        searches.put("JSON field total=1000.5 (parses all 100,000)", Map.of("search-value", "", "search-json", "total=1000.5"));
        List<String> report = new ArrayList<>();
        searches.forEach((name, fields) -> {
            BROWSER.script(MEASURE, fields);
            List<Double> times = new ArrayList<>();
            String status = "";
            for (int run = 0; run < RUNS; run++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> measured = (Map<String, Object>) BROWSER.script(MEASURE, Map.of());
                times.add(((Number) measured.get("ms")).doubleValue());
                status = (String) measured.get("status");
            }
            times.sort(null);
            report.add(String.format("%-48s min %6.0f ms, median %6.0f ms, max %6.0f ms; last: %s", name, times.get(0),
                    times.get(RUNS / 2), times.get(RUNS - 1), status));
        });
        System.out.println("Record search, submit to results shown, " + RUNS + " runs each after one warm-up:");
        report.forEach(System.out::println);
    }
}
