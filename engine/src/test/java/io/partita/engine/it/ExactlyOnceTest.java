package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once consume-transform-produce: an {@link EosProcessorProcess} copies 100,000 records from an input topic
 * to an output topic, committing its input offsets in each transaction, and is killed (no clean shutdown) twice
 * mid-way and started again. Read with read_committed, the output holds every input record exactly once.
 */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class ExactlyOnceTest {

    private static final int RECORDS = 100_000;
    private static final int PARTITIONS = 3;

    private final TestClients broker;

    @TempDir
    Path dir;

    ExactlyOnceTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyInputRecordIsInTheOutputExactlyOnceAcrossTwoKills() throws Exception {
        String input;
        String output;
        try (Admin admin = broker.admin()) {
            input = Topics.create(admin, "eos-in", PARTITIONS);
            output = Topics.create(admin, "eos-out", PARTITIONS);
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(input, ("k" + i).getBytes(UTF_8), Integer.toString(i).getBytes(UTF_8)));
            }
        }
        String group = "eos-" + UUID.randomUUID();
        String transactionalId = "eos-" + UUID.randomUUID();

        try (Admin admin = broker.admin()) {
            for (int killAt : new int[] {RECORDS / 3, 2 * RECORDS / 3}) {
                Process processor = start(group, input, output, transactionalId, "run-" + killAt);
                try {
                    await("output past " + killAt).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                            .until(() -> outputEnd(admin, output) >= killAt);
                } finally {
                    processor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            Process last = start(group, input, output, transactionalId, "run-last");
            try {
                List<String> values = readCommitted(output);
                assertThat(values).hasSize(RECORDS);
                Set<String> expected = IntStream.range(0, RECORDS).mapToObj(i -> "out-" + i).collect(Collectors.toSet());
                assertThat(new HashSet<>(values)).isEqualTo(expected);
            } finally {
                last.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(String group, String input, String output, String transactionalId, String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return ChildJvm.of(EosProcessorProcess.class, broker.bootstrapServers(), group, input, output, transactionalId)
                .redirectErrorStream(true).redirectOutput(Files.createFile(log).toFile()).start();
    }

    /** Offsets written to the output so far, markers and uncommitted records included. */
    private static long outputEnd(Admin admin, String output) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        IntStream.range(0, PARTITIONS).forEach(p -> latest.put(new TopicPartition(output, p), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    /** Reads the output with read_committed until {@value #RECORDS} records arrived, then on to its end. */
    private List<String> readCommitted(String output) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000))) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(output, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            await(RECORDS + " committed outputs").atMost(Duration.ofMinutes(3)).pollInSameThread().pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) values.add(new String(r.value(), UTF_8));
                return values.size() >= RECORDS;
            });
            // a duplicate would come after the last expected record: read on to the end the consumer sees now
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await("end of " + output).atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) values.add(new String(r.value(), UTF_8));
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
            return values;
        }
    }
}
