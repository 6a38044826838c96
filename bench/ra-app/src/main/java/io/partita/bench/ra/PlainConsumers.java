package io.partita.bench.ra;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The plain variant: {@code consumers} KafkaConsumer loops in one group, each on its own managed thread, reading
 * every record as the byte[] listener does ({@link OrderReading}) and committing after each poll, as the adapter's
 * consumers commit what a poll delivered. {@link #close()} wakes and ends them and waits for their threads.
 * Created and closed by one thread.
 */
final class PlainConsumers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PlainConsumers.class.getName());

    private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    private PlainConsumers() {
    }

    static PlainConsumers start(String bootstrap, String topic, int consumers, ManagedThreadFactory threadFactory) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        PlainConsumers plain = new PlainConsumers();
        for (int i = 0; i < consumers; i++) {
            KafkaConsumer<byte[], byte[]> consumer = AdapterClients.create(() ->
                    new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            plain.consumers.add(consumer);
            Thread thread = threadFactory.newThread(() -> plain.run(consumer, topic));
            plain.threads.add(thread);
            thread.start();
        }
        return plain;
    }

    private void run(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        try (consumer) {
            consumer.subscribe(List.of(topic));
            while (!stopped) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    OrderReading.read(ConsumeClock.Variant.PLAIN, record.key(), record.value());
                }
                if (!records.isEmpty()) consumer.commitSync();
            }
        } catch (WakeupException e) {
            // close() ends the loop.
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "plain consumer of " + topic + " failed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread thread : threads) thread.join();
    }
}
