package io.partita.ra.inbound;

import jakarta.resource.spi.work.Work;

import java.time.Duration;
import java.util.List;

/**
 * One consumer of an activation as the activation starts and stops it: a {@link PollLoop} of a consumer group, or a
 * {@link ShareLoop} of a share group. Implementations are thread-safe in {@link #release()} and {@link #awaitEnd}.
 */
interface ActivationConsumer {

    /** What must run on the WorkManager for this consumer: its loop, and any lanes it feeds. */
    List<Work> works();

    /** Asks the consumer to end: wakes a blocked poll and cuts backoffs short. */
    void release();

    /** Waits until the consumer is closed; false when it was not within the timeout. */
    boolean awaitEnd(Duration timeout) throws InterruptedException;
}
