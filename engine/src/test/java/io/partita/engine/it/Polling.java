package io.partita.engine.it;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** Reads records with a real consumer until an expected number have arrived. Stateless. */
final class Polling {

    private Polling() {
    }

    /**
     * Polls until at least {@code count} records have arrived (failing after 30 s) and returns all of them in
     * the order the consumer handed them out.
     */
    static List<ConsumerRecord<byte[], byte[]>> pollUntil(Consumer<byte[], byte[]> consumer, int count) {
        List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
        // the consumer is not thread-safe: poll it on the test thread only
        await(count + " records").atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(1)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.size() >= count;
        });
        return received;
    }

    /** Reads {@code count} records from the start of the topic's partitions {@code 0..partitions-1} with a fresh consumer. */
    static List<ConsumerRecord<byte[], byte[]>> readFromBeginning(TestClients broker, String topic, int partitions, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            List<TopicPartition> assigned = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            return pollUntil(consumer, count);
        }
    }
}
