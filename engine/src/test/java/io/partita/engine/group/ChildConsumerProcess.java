package io.partita.engine.group;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer in a JVM of its own, for tests that kill a member without it leaving its group: subscribes, prints
 * {@code assigned} once it owns partitions, and commits after every poll that read records, then prints {@code
 * committed <count>}. Arguments: bootstrap servers, group, topic, group protocol ({@code classic} or {@code
 * consumer}), and for classic the session timeout in ms (under the consumer protocol the broker sets it).
 */
public final class ChildConsumerProcess {

    private ChildConsumerProcess() {
    }

    public static void main(String[] args) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.GROUP_ID_CONFIG, args[1],
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, args[3],
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        if (args.length > 4) {
            settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.parseInt(args[4]));
            settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(args[2]));
            boolean announced = false;
            int read = 0;
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!announced && !consumer.assignment().isEmpty()) {
                    System.out.println("assigned");
                    announced = true;
                }
                if (!records.isEmpty()) {
                    read += records.count();
                    consumer.commitSync();
                    System.out.println("committed " + read);
                }
            }
        }
    }
}
