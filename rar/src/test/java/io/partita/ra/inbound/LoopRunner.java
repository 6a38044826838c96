package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a test's {@link ConsumerLoop} on a thread of its own, with Kafka's {@link MockConsumer} in place of the node
 * and its dead letters kept in a list, and stops it after the test ({@code @RegisterExtension}).
 */
final class LoopRunner implements AfterEachCallback {

    final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private ConsumerLoop loop;

    void start(String name, PartitaActivationSpec spec, EndpointDelivery delivery) {
        loop = new ConsumerLoop(name, spec, () -> consumer, delivery, new DeadLetters(deadLetters::add));
        new Thread(loop, name).start();
    }

    /** The partition's committed offset, -1 before the first commit. */
    long committed(TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? -1 : committed.offset();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (loop != null) {
            loop.release();
            assertThat(loop.awaitEnd(Duration.ofSeconds(10))).isTrue();
        }
    }

    static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) headers.put(header.key(), text(header.value()));
        return headers;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
