package io.partita.ra.inbound;

import jakarta.resource.spi.work.Work;
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
 * Runs a test's consumer loops (and the lanes they feed), each on a thread of its own, and stops them all after each
 * test (registered with {@code @RegisterExtension}).
 */
final class LoopRunner implements AfterEachCallback {

    private final List<PollLoop> loops = new ArrayList<>();

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

    /** The offset {@code consumer} committed for {@code partition}, -1 for none. */
    static long committed(Consumer<?, ?> consumer, TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? -1 : committed.offset();
    }
}
