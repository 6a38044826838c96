package io.partita.ra.inbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.work.Work;
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
 * Runs a test's consumer loops (and the lanes they feed), each on a thread of its own, and stops them all after each
 * test ({@code @RegisterExtension}). {@link #start(String, PartitaActivationSpec, EndpointDelivery)} builds a
 * {@link ConsumerLoop}, {@link #startLanes} a {@link LaneDispatcher}, on Kafka's {@link MockConsumer} fed as from
 * partition logs ({@link FedConsumer}) in place of the node, without retry topics, its dead letters kept in a list
 * and its progress in {@link #monitor}.
 */
final class LoopRunner implements AfterEachCallback {

    final FedConsumer consumer = new FedConsumer();
    final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    final ActivationMonitor monitor = new ActivationMonitor("orders-bean", null, "shop", 60_000, System::nanoTime);
    private final List<PollLoop> loops = new ArrayList<>();

    /** An activation of group {@code shop} on {@code topic} with 1 retry 10 ms after a failure. */
    static PartitaActivationSpec spec(String topic, String deadLetterTopic) {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics(topic);
        spec.setGroupId("shop");
        spec.setRetryAttempts(1);
        spec.setRetryBackoffMs(10L);
        spec.setDeadLetterTopic(deadLetterTopic);
        return spec;
    }

    void start(String name, PartitaActivationSpec spec, EndpointDelivery delivery) {
        start(new ConsumerLoop(name, spec, () -> consumer, delivery, deadLetters(), router(spec), gate(spec),
                monitor.consumer("consumer #" + loops.size())));
    }

    /** Starts a dispatcher feeding a lane per delivery; returns the dispatcher's thread. */
    Thread startLanes(String name, PartitaActivationSpec spec, Ordering ordering, List<EndpointDelivery> deliveries)
            throws ResourceException {
        return startLanes(name, spec, ordering, deliveries, monitor.consumer("consumer #" + loops.size()));
    }

    /** As {@link #startLanes(String, PartitaActivationSpec, Ordering, List)}, telling its progress to {@code progress}. */
    Thread startLanes(String name, PartitaActivationSpec spec, Ordering ordering, List<EndpointDelivery> deliveries,
                      ConsumerProgress progress) throws ResourceException {
        return start(new LaneDispatcher(name, spec, () -> consumer, deliveries, deadLetters(), router(spec), gate(spec),
                progress, ordering, PollLimits.of(spec.consumerConfig("127.0.0.1:9"))));
    }

    /** Starts the loop and its lanes; returns the loop's own thread. */
    Thread start(PollLoop loop) {
        loops.add(loop);
        Thread own = null;
        for (Work work : loop.works()) {
            Thread thread = new Thread(work, (work == loop ? "consumer-loop-" : "lane-of-loop-") + loops.size());
            if (work == loop) own = thread;
            thread.start();
        }
        return own;
    }

    /** Stops every loop started and checks it ended (its lanes too, closing its consumer) in time. */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        loops.forEach(PollLoop::release);
        for (PollLoop loop : loops) assertThat(loop.awaitEnd(Duration.ofSeconds(20))).isTrue();
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

    private DeadLetters deadLetters() {
        return new DeadLetters(deadLetters::add, RetryTopics.NONE);
    }

    private static FailureRouter router(PartitaActivationSpec spec) {
        return new FailureRouter(RetryTopics.NONE, NotRetryableExceptions.NONE, spec.getDeadLetterTopic(),
                spec.getRetryAttempts(), System::currentTimeMillis);
    }

    private static RetryTopicGate gate(PartitaActivationSpec spec) {
        return new RetryTopicGate(RetryTopics.NONE, spec.getGroupId(), System::currentTimeMillis);
    }
}
