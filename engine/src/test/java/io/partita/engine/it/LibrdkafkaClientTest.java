package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients outside Java must work too: kcat (librdkafka) produces, lists metadata, consumes and finds offsets for
 * timestamps, and the Java consumer reads what it produced ({@link Kcat}: skipped on a machine without kcat).
 * AuthenticatedAclsTest runs kcat over SASL_SSL.
 */
@ExtendWith(BrokerExtension.class)
class LibrdkafkaClientTest {

    private final TestClients broker;

    LibrdkafkaClientTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void kcatProducesListsAndConsumes() throws Exception {
        Kcat.assumeInstalled();
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "kcat", 1);
        }

        Process produce = kcat("-P", "-t", topic, "-K", ":");
        produce.getOutputStream().write("k1:v1\nk2:v2\nk3:v3\n".getBytes(StandardCharsets.UTF_8));
        Kcat.output(produce);

        String metadata = Kcat.output(kcat("-L", "-t", topic));
        assertThat(metadata).contains("broker " + broker.nodeId() + " at ", "topic \"" + topic + "\" with 1 partitions",
                "partition 0, leader " + broker.nodeId());

        String consumed = Kcat.output(kcat("-C", "-t", topic, "-e", "-f", "%k=%s@%o\\n"));
        assertThat(consumed.lines()).containsExactly("k1=v1@0", "k2=v2@1", "k3=v3@2");

        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(values).containsExactly("v1", "v2", "v3");
        }
    }

    @Test
    void kcatFindsTheOffsetsOfTimestamps() throws Exception {
        Kcat.assumeInstalled();
        long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "kcat-times", 1);
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 5; i++) records.add(new ProducerRecord<>(topic, 0, t0 + i * 1_000L, null, new byte[]{(byte) i}));
            SentRecord.sendAll(producer, records);
        }

        // librdkafka 2.0 (Debian's) asks with ListOffsets v2, whose answer has no leader epoch
        assertThat(Kcat.output(kcat("-Q", "-t", topic + ":0:" + (t0 + 2_500))).strip()).isEqualTo(topic + " [0] offset 3");
        assertThat(Kcat.output(kcat("-Q", "-t", topic + ":0:" + (t0 + 60_000))).strip()).isEqualTo(topic + " [0] offset -1");
    }

    private Process kcat(String... args) throws IOException {
        return Kcat.start(broker.bootstrapServers(), Map.of(), args);
    }
}
