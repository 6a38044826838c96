package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a test's consumer loops, each on a thread of its own, and stops them all after each test (registered with
 * {@code @RegisterExtension}).
 */
final class LoopRunner implements AfterEachCallback {

    private final List<ConsumerLoop> loops = new ArrayList<>();

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

    /** The offset {@code consumer} committed for {@code partition}, -1 for none. */
    static long committed(Consumer<?, ?> consumer, TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? -1 : committed.offset();
    }
}
