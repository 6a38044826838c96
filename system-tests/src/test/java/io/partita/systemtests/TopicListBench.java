package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: how long the console's topic list of {@value #TOPICS} topics takes to load, for docs/benchmarks.md
 * ("Console page loads"). Its name matches neither surefire's nor failsafe's patterns, so only naming it runs it:
 * {@code mvn -B verify -Dit.test=TopicListBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}. On the shared {@link SecuredNode} it creates {@value #TOPICS} topics of
 * {@value #PARTITIONS} partitions ({@value #BATCH} a CreateTopics request, within max.partitions.per.request) with
 * {@value #RECORDS} records each, then times {@value #ROUNDS} rounds of each: {@code GET /api/topics} alone (HTTP
 * round trip, JSON included), the console going from the overview to {@code #/topics} until the table's first page
 * is painted (a MutationObserver on the view, then the next animation frame), and a reload of
 * {@code /console/#/topics} from navigation start to the same point. Prints the timings.
 */
class TopicListBench {

    @RegisterExtension
    @Order(1)
    static final SecuredNode NODE = new SecuredNode();
    @RegisterExtension
    @Order(2)
    static final ConsoleBrowser BROWSER = new ConsoleBrowser(NODE);

    private static final int TOPICS = 1_000;
    private static final int PARTITIONS = 3;
    private static final int BATCH = 250;
    private static final int RECORDS = 20;
    private static final int ROUNDS = 7;

    /** Resolves with the ms from the hash change to the frame after the list's rows appear. */
    private static final String TO_LIST = """
            const done = arguments[arguments.length - 1];
            const start = performance.now();
            new MutationObserver((changes, observer) => {
              if (!document.querySelector('#topics tbody tr[data-topic]')) return;
              observer.disconnect();
              requestAnimationFrame(() => done(performance.now() - start));
            }).observe(document.getElementById('view'), { childList: true, subtree: true });
            location.hash = '#/topics';
            """;
    /** Resolves with the ms since navigation start at the first frame showing the list's rows. */
    private static final String LIST_SHOWN = """
            const done = arguments[arguments.length - 1];
            const check = () => document.querySelector('#topics tbody tr[data-topic]')
                ? done(performance.now()) : requestAnimationFrame(check);
            check();
            """;

    @Test
    void timeTheTopicListOfAThousandTopics() throws Exception {
        createTopics();
        ApiClient.Login admin = new ApiClient.Login(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
        List<Double> api = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i <= ROUNDS; i++) {
            long start = System.nanoTime();
            ApiClient.Answer answer = NODE.api().get(admin, "/api/topics");
            double ms = (System.nanoTime() - start) / 1e6;
            assertThat(answer.json().size()).isGreaterThanOrEqualTo(TOPICS);
            bytes = answer.text().length();
            if (i > 0) api.add(ms);  // the first warms the API's code paths
        }

        BROWSER.logInAsAdmin();
        BROWSER.driver().manage().timeouts().scriptTimeout(ConsoleBrowser.WAIT);
        List<Double> inApp = new ArrayList<>();
        List<Double> fresh = new ArrayList<>();
        for (int i = 0; i <= ROUNDS; i++) {
            BROWSER.open("#/overview");
            BROWSER.waitForText(By.id("stat-nodes"), "1");
            double ms = ((Number) script().executeAsyncScript(TO_LIST)).doubleValue();
            if (i > 0) inApp.add(ms);
            BROWSER.driver().navigate().refresh();
            double cold = ((Number) script().executeAsyncScript(LIST_SHOWN)).doubleValue();
            if (i > 0) fresh.add(cold);
        }
        BROWSER.screenshot("bench-topics");
        System.out.printf(Locale.ROOT, "%n%d topics of %d partitions (the list's JSON: %d bytes), %d rounds (after one to warm up), ms:%n",
                TOPICS, PARTITIONS, bytes, ROUNDS);
        report("GET /api/topics", api);
        report("overview -> #/topics, table painted", inApp);
        report("reload of #/topics, table painted", fresh);
    }

    private static JavascriptExecutor script() {
        return (JavascriptExecutor) BROWSER.driver();
    }

    private static void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NODE.bootstrapServer()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     NODE.bootstrapServer(), ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new StringSerializer())) {
            for (int from = 0; from < TOPICS; from += BATCH) {
                admin.createTopics(IntStream.range(from, Math.min(TOPICS, from + BATCH))
                        .mapToObj(i -> new NewTopic(name(i), PARTITIONS, (short) 1)).toList()).all().get();
            }
            for (int i = 0; i < TOPICS; i++) {
                for (int r = 0; r < RECORDS; r++) producer.send(new ProducerRecord<>(name(i), "record " + r + " of " + name(i)));
            }
            producer.flush();
        }
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "bench.topic-%04d", i);
    }

    private static void report(String what, List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "  %-40s median %7.1f  min %7.1f  max %7.1f  all %s%n", what,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
                ms.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
}
