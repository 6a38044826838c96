package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a test's {@link ConsumerLoop}s, each on a thread of its own, and stops them all after each test
 * ({@code @RegisterExtension}). {@link #start(String, PartitaActivationSpec, EndpointDelivery)} builds a loop on
 * Kafka's {@link MockConsumer} in place of the node, without retry topics, its dead letters kept in a list and its
 * progress in {@link #monitor}.
 */
final class LoopRunner implements AfterEachCallback {

    final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    final ActivationMonitor monitor = new ActivationMonitor("orders-bean", null, "shop", 60_000, System::nanoTime);
    private final List<ConsumerLoop> loops = new ArrayList<>();

    void start(String name, PartitaActivationSpec spec, EndpointDelivery delivery) {
        start(new ConsumerLoop(name, spec, () -> consumer, delivery, new DeadLetters(deadLetters::add, RetryTopics.NONE),
                new FailureRouter(RetryTopics.NONE, NotRetryableExceptions.NONE, spec.getDeadLetterTopic(),
                        spec.getRetryAttempts(), System::currentTimeMillis),
                new RetryTopicGate(RetryTopics.NONE, spec.getGroupId(), System::currentTimeMillis),
                monitor.consumer("consumer #" + loops.size())));
    }

    void start(ConsumerLoop loop) {
        loops.add(loop);
        new Thread(loop, "consumer-loop-" + loops.size()).start();
    }

    /** Stops every loop started and checks it ended (closing its consumer) in time. */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        loops.forEach(ConsumerLoop::release);
        for (ConsumerLoop loop : loops) assertThat(loop.awaitEnd(Duration.ofSeconds(10))).isTrue();
    }

    /** The partition's offset committed on the runner's consumer, -1 before the first commit. */
    long committed(TopicPartition partition) {
        return committed(consumer, partition);
    }

    /** The offset {@code consumer} committed for {@code partition}, -1 for none. */
    static long committed(Consumer<?, ?> consumer, TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? -1 : committed.offset();
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
