package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A topic's {@code max.message.bytes} against a real producer (whose own max.request.size is far larger, so the
 * broker is the one to refuse): the broker answers MESSAGE_TOO_LARGE, which the client reports as
 * RecordTooLargeException; the limit applies to the batch as stored, i.e. after compression.
 */
@ExtendWith(BrokerExtension.class)
class MessageTooLargeTest {

    private final TestClients broker;

    MessageTooLargeTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void recordLargerThanMaxMessageBytesIsRejectedAndSmallerOnesStillFit() throws Exception {
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "too-large", 1, Map.of("max.message.bytes", "1024"));
        }
        byte[] incompressible = new byte[2_048];
        new Random(7).nextBytes(incompressible);

        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, null, incompressible)).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RecordTooLargeException.class);
            assertThat(producer.send(new ProducerRecord<>(topic, 0, null, new byte[500])).get().offset()).isZero();
        }
        try (KafkaProducer<byte[], byte[]> compressing = broker.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"))) {
            assertThat(compressing.send(new ProducerRecord<>(topic, 0, null, new byte[2_048])).get().offset())
                    .as("2 KB of zeros, gzipped well under the limit").isEqualTo(1);
        }

        List<ConsumerRecord<byte[], byte[]>> stored = Polling.readFromBeginning(broker, topic, 1, 2);
        assertThat(stored).extracting(r -> r.value().length).containsExactly(500, 2_048);
    }
}
