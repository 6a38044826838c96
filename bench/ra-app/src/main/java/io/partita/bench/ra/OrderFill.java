package io.partita.bench.ra;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Appends one measurement's orders to a topic in one Kafka transaction. The consumers of every variant read
 * {@code read_committed}, so they are subscribed and idle while the orders are written and all see them at the same
 * moment, the commit: none reads while the fill competes for the cores, and none waits for a group to form or its
 * records to be written. Stateless.
 */
final class OrderFill {

    private static final String[] ITEMS = {"paperback book", "hardcover book", "audio book", "magazine", "e-reader"};

    private OrderFill() {
    }

    /**
     * Writes orders with keys {@code o-0000000}... (spread over the partitions by key) as JSON-B documents of about
     * 100 bytes, commits them, and answers the checksum {@link ConsumeClock} must count for them.
     */
    static long fill(String bootstrap, String topic, int records) throws Exception {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "partita-bench-fill",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        long checksum = 0;
        try (Jsonb jsonb = JsonbBuilder.create();
             KafkaProducer<byte[], byte[]> producer = AdapterClients.create(() ->
                     new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer()))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < records; i++) {
                String id = String.format("o-%07d", i);
                Order order = new Order(id, String.format("customer-%05d", i % 10_000), ITEMS[i % ITEMS.length],
                        1 + i % 9, 5 + (i % 4000) / 100.0);
                checksum += order.quantity() + id.length();
                producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                        jsonb.toJson(order).getBytes(StandardCharsets.UTF_8)));
            }
            producer.commitTransaction();
        }
        return checksum;
    }
}
