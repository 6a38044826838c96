package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What one consumer of an activation has done, told by its loop, and whether it is stuck: the counts behind the
 * activation's metrics and the state behind its readiness.
 *
 * <p>Records wait while the partitions it consumes (not paused) have records after its position (their
 * {@code currentLag}, known from fetches without asking the node), while it holds a poll's records not all handled
 * (or, feeding lanes, records handed out and not finished), and while a listener call runs. Progress is a record handled (delivered, dead-lettered or skipped), or a moment in
 * which nothing waits. It is {@linkplain #snapshot stuck} when records have waited without progress for longer than
 * the limit, when it has not polled successfully for longer than that since it last polled or handled a poll's
 * records, when it was fenced
 * out of its group ({@link FencedInstanceIdException}) and has not progressed since, and for good once its loop
 * ended on an error.
 *
 * <p>Thread-safe: the loop (and the threads it may deliver on) report, health checks and metrics read.
 */
final class ConsumerProgress {

    /** A delivery of records to the bean: one listener call, or none when it fails before calling. */
    interface Delivery {
        void run() throws EndpointUnavailableException, ListenerFailedException, UnreadableRecordException;
    }

    /**
     * What the consumer has done and whether it is stuck.
     *
     * @param stuck why it is stuck, naming the consumer; null when it is not
     */
    record Snapshot(String stuck, long delivered, long failed, long retried, long deadLettered, long calls,
                    long callNanos, long lag) {
    }

    private final String name;
    private final LongSupplier nanoTime;

    private long lastProgressAt;
    private long lastActiveAt;
    private long lag;
    private boolean holdingRecords;
    private boolean handedOut;
    private int callsRunning;
    private long callsRunningSince;
    private KafkaException lastFailure;
    private KafkaException fencedBy;
    private Throwable endedBy;

    private long delivered;
    private long failed;
    private long retried;
    private long deadLettered;
    private long calls;
    private long callNanos;

    /**
     * @param name     the consumer's name in reasons
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    ConsumerProgress(String name, LongSupplier nanoTime) {
        this.name = name;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        lastProgressAt = now;
        lastActiveAt = now;
    }

    /** A poll returned {@code records} records; the consumer's lag is read now. */
    void polled(Consumer<?, ?> consumer, int records) {
        Set<TopicPartition> assignment = consumer.assignment();
        polled(lagOf(consumer, assignment), !assignment.isEmpty(), records);
    }

    /**
     * A share consumer's poll returned {@code records} records. A share consumer knows no lag (the records waiting
     * in its partitions are the share group's, not its own): counted as none.
     */
    void polledShared(int records) {
        polled(0, false, records);
    }

    private synchronized void polled(long lagNow, boolean assigned, int records) {
        long now = nanoTime.getAsLong();
        lastActiveAt = now;
        lastFailure = null;
        // Back in its group with partitions: no longer fenced out.
        if (assigned) fencedBy = null;
        observe(now, lagNow, records > 0);
    }

    /** The records of the latest poll are handled or given back (rewound); the lag is read again. */
    void handled(Consumer<?, ?> consumer) {
        handedOn(consumer, false);
    }

    /**
     * The records of the latest poll were handed on to lanes (ordering by key or none); the lag is read again.
     * While {@code unfinished}, records handed out are not finished yet: records wait, through the polls too.
     */
    void handedOn(Consumer<?, ?> consumer, boolean unfinished) {
        handedOn(lagOf(consumer, consumer.assignment()), unfinished);
    }

    /** The records of a share consumer's latest poll are acknowledged (accepted, released or rejected). */
    void acknowledged() {
        handedOn(0, false);
    }

    private synchronized void handedOn(long lagNow, boolean unfinished) {
        long now = nanoTime.getAsLong();
        // The loop polls next: its time without a poll starts now, not at the poll before a long handling.
        lastActiveAt = now;
        handedOut = unfinished;
        observe(now, lagNow, false);
    }

    /**
     * Runs a delivery of {@code records} records, timed and counted: delivered when it returns, failed when the
     * listener failed ({@link ListenerFailedException}), neither when no call happened (of a typed batch stopped by
     * an unreadable record, the records before it were delivered).
     *
     * @param attempt 0 for a first delivery, else the retry's number
     */
    void deliver(int records, int attempt, Delivery delivery)
            throws EndpointUnavailableException, ListenerFailedException, UnreadableRecordException {
        long started = callStarted();
        int counted = records;
        Boolean succeeded = null;
        try {
            delivery.run();
            succeeded = true;
        } catch (ListenerFailedException e) {
            succeeded = false;
            throw e;
        } catch (UnreadableRecordException e) {
            // A typed batch delivered the records before the unreadable one.
            if (e.index() > 0) {
                counted = e.index();
                succeeded = true;
            }
            throw e;
        } finally {
            callEnded(started, counted, attempt > 0, succeeded);
        }
    }

    /** A record went to the dead-letter topic. */
    synchronized void deadLettered() {
        deadLettered++;
        progressed();
    }

    /** A record went to a retry topic, to be delivered again after its delay: a retry, and progress. */
    synchronized void sentToRetryTopic() {
        retried++;
        progressed();
    }

    /**
     * A record that cannot be read was skipped, or a share group's record given up on was rejected: there is no
     * dead-letter topic.
     */
    synchronized void skipped() {
        progressed();
    }

    /** The consumer failed to poll or commit. */
    synchronized void failed(KafkaException failure) {
        lastFailure = failure;
        if (failure instanceof FencedInstanceIdException) fencedBy = failure;
    }

    /** The loop ended on an error: the consumer is gone for good. */
    synchronized void ended(Throwable error) {
        endedBy = error;
    }

    /** The counts, and whether the consumer is stuck with records waiting longer than {@code maxStallNanos}. */
    synchronized Snapshot snapshot(long maxStallNanos) {
        return new Snapshot(stuck(nanoTime.getAsLong(), maxStallNanos), delivered, failed, retried, deadLettered,
                calls, callNanos, lag);
    }

    private String stuck(long now, long maxStallNanos) {
        if (endedBy != null) return name + " stopped consuming: " + endedBy;
        if (fencedBy != null) return name + " was fenced out of its group: " + fencedBy.getMessage();
        if (waiting() && now - lastProgressAt > maxStallNanos) {
            return name + " has made no progress for " + seconds(now - lastProgressAt) + " while records wait (lag "
                    + lag + (callsRunning > 0 ? ", in the listener for " + seconds(now - callsRunningSince) : "") + ")";
        }
        if (!holdingRecords && callsRunning == 0 && now - lastActiveAt > maxStallNanos) {
            return name + " has not polled successfully for " + seconds(now - lastActiveAt)
                    + (lastFailure == null ? "" : ": " + lastFailure);
        }
        return null;
    }

    private synchronized long callStarted() {
        long now = nanoTime.getAsLong();
        if (callsRunning++ == 0) callsRunningSince = now;
        return now;
    }

    /** @param succeeded null when no call happened */
    private synchronized void callEnded(long started, int records, boolean retry, Boolean succeeded) {
        callsRunning--;
        if (succeeded == null) return;
        calls++;
        callNanos += nanoTime.getAsLong() - started;
        if (retry) retried += records;
        if (succeeded) {
            delivered += records;
            progressed();
        } else {
            failed += records;
        }
    }

    private void observe(long now, long lagNow, boolean holding) {
        lag = lagNow;
        holdingRecords = holding;
        if (!waiting()) lastProgressAt = now;
    }

    private void progressed() {
        lastProgressAt = nanoTime.getAsLong();
        fencedBy = null;
    }

    private boolean waiting() {
        return lag > 0 || holdingRecords || handedOut || callsRunning > 0;
    }

    /** Records after the position in the partitions the consumer fetches from; unknown lags count as none. */
    private static long lagOf(Consumer<?, ?> consumer, Set<TopicPartition> assignment) {
        Set<TopicPartition> paused = consumer.paused();
        long total = 0;
        for (TopicPartition partition : assignment) {
            if (!paused.contains(partition)) total += consumer.currentLag(partition).orElse(0);
        }
        return total;
    }

    private static String seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos) + " s";
    }
}
