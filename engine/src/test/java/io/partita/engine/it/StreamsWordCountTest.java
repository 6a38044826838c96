package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Kafka Streams 4.x application ({@link WordCountApp}: repartition topic, state store and its changelog,
 * {@code exactly_once_v2}) against the node: the output, read with read_committed, shows each word's counts as
 * 1, 2, ... n exactly once, also when the instance is replaced by one with an empty state directory (which restores
 * the store from the changelog) after a clean close, and after it was killed without one (once it has written
 * 10,000 of the first 50,000 counts; more input follows, so the successor goes on counting from the restored store).
 */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class StreamsWordCountTest {

    private static final int PARTITIONS = 3;
    private static final int WORDS_PER_LINE = 5;
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final TestClients broker;

    @TempDir
    Path dir;

    StreamsWordCountTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void countsStayExactWhenANewInstanceRestoresFromTheChangelog() throws Exception {
        String input = topic("wc-in");
        String output = topic("wc-out");
        String application = Topics.uniqueName("wc-app");
        Map<String, Long> expected = new TreeMap<>();
        try (CountsReader counts = new CountsReader(output)) {
            produceLines(input, 0, 1_000, expected);
            try (KafkaStreams first = WordCountApp.create(broker.bootstrapServers(), application, input, output, dir.resolve("first"))) {
                first.start();
                counts.awaitTotals(expected);
                first.close(Duration.ofSeconds(30));
            }
            produceLines(input, 1_000, 2_000, expected);
            try (KafkaStreams second = WordCountApp.create(broker.bootstrapServers(), application, input, output, dir.resolve("second"))) {
                second.start();
                counts.awaitTotals(expected);
                second.close(Duration.ofSeconds(30));
            }
            counts.assertEachCountOnce(expected);
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void countsStayExactWhenTheInstanceIsKilledAndReplaced() throws Exception {
        String input = topic("wc-kill-in");
        String output = topic("wc-kill-out");
        String application = Topics.uniqueName("wc-kill-app");
        Map<String, Long> expected = new TreeMap<>();
        produceLines(input, 0, 10_000, expected);
        try (CountsReader counts = new CountsReader(output)) {
            Process killed = start(application, input, output, "killed");
            try {
                await("some counts").atMost(WAIT).until(() -> counts.read() >= 10_000);
            } finally {
                killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            produceLines(input, 10_000, 12_000, expected);
            Process successor = start(application, input, output, "successor");
            try {
                counts.awaitTotals(expected);
            } finally {
                successor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            counts.assertEachCountOnce(expected);
        }
    }

    private String topic(String hint) {
        try (Admin admin = broker.admin()) {
            return Topics.create(admin, hint, PARTITIONS);
        }
    }

    /** Produces lines {@code from} (inclusive) to {@code to}, each of words drawn from a small vocabulary. */
    private void produceLines(String input, int from, int to, Map<String, Long> expected) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int line = from; line < to; line++) {
                List<String> words = new ArrayList<>();
                for (int w = 0; w < WORDS_PER_LINE; w++) {
                    String word = "w" + ((line * 7 + w * 13) % 97);
                    words.add(word);
                    expected.merge(word, 1L, Long::sum);
                }
                producer.send(new ProducerRecord<>(input, Integer.toString(line).getBytes(UTF_8), String.join(" ", words).getBytes(UTF_8)));
            }
        }
    }

    private Process start(String application, String input, String output, String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return ChildJvm.of(WordCountApp.class, broker.bootstrapServers(), application, input, output, dir.resolve(name).toString())
                .redirectErrorStream(true).redirectOutput(Files.createFile(log).toFile()).start();
    }

    /** Reads the output topic with read_committed from its start and keeps every count each word showed, in order. */
    private final class CountsReader implements AutoCloseable {

        private final KafkaConsumer<String, Long> consumer;
        private final Map<String, List<Long>> seen = new HashMap<>();
        private long read;

        CountsReader(String output) {
            consumer = broker.consumer(new StringDeserializer(), new LongDeserializer(),
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(output, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls once; answers how many output records were read so far. */
        long read() {
            for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                read++;
            }
            return read;
        }

        void awaitTotals(Map<String, Long> expected) {
            await("counts " + expected).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(1)).until(() -> {
                read();
                return expected.entrySet().stream().allMatch(e -> {
                    List<Long> counts = seen.get(e.getKey());
                    return counts != null && counts.get(counts.size() - 1) >= e.getValue();
                });
            });
        }

        void assertEachCountOnce(Map<String, Long> expected) {
            read();
            Map<String, List<Long>> wanted = new TreeMap<>();
            expected.forEach((word, n) -> wanted.put(word, LongStream.rangeClosed(1, n).boxed().toList()));
            assertThat(new TreeMap<>(seen)).isEqualTo(wanted);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
