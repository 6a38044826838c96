package io.partita.engine.replication;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Produce requests with acks=all waiting for their records to reach every in-sync replica (Kafka's produce
 * purgatory). A waiter is re-judged whenever its partition's high watermark, ISR or leadership changes, and fails
 * with a {@link TimeoutException} (REQUEST_TIMED_OUT) when the request's timeout runs out first. Thread-safe: a
 * partition's set of waiters is added to and emptied out of the map only inside the map's atomic updates, so every
 * waiter stays reachable by {@link #changed} until it finishes.
 */
final class AckWaiters {

    /** Judges a waiter: empty while it must wait; else done (a null error) or failed. */
    @FunctionalInterface
    interface Judge {
        Optional<Verdict> judge(long requiredOffset);
    }

    record Verdict(RuntimeException error) {
        static final Verdict DONE = new Verdict(null);
    }

    private final ScheduledExecutorService scheduler;
    private final Map<TopicPartition, Set<Waiter>> byPartition = new ConcurrentHashMap<>();

    AckWaiters(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Completes once {@code judge} gives a verdict for {@code requiredOffset}, or fails after {@code timeoutMs}. A
     * verdict at once (a partition without followers) costs no waiter and no timer.
     */
    CompletableFuture<Void> await(TopicPartition tp, long requiredOffset, long timeoutMs, Judge judge) {
        Optional<Verdict> now = judge.judge(requiredOffset);
        if (now.isPresent()) {
            RuntimeException error = now.get().error();
            return error == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(error);
        }
        Waiter w = new Waiter(tp, requiredOffset, judge);
        // Added inside the map's atomic update: a set taken out with computeIfAbsent and filled afterwards can be the
        // one a finishing waiter has just removed from the map, and no change would ever reach a waiter left in it.
        byPartition.compute(tp, (k, set) -> {
            Set<Waiter> waiting = set != null ? set : ConcurrentHashMap.newKeySet();
            waiting.add(w);
            return waiting;
        });
        w.timeout = scheduler.schedule(() -> w.finish(new Verdict(new TimeoutException(
                "The records of " + tp + " did not reach every in-sync replica within " + timeoutMs + " ms"))),
                timeoutMs, TimeUnit.MILLISECONDS);
        w.rejudge();
        return w.done;
    }

    /** Re-judges every waiter of {@code tp}. */
    void changed(TopicPartition tp) {
        Set<Waiter> waiting = byPartition.get(tp);
        if (waiting != null) waiting.forEach(Waiter::rejudge);
    }

    private final class Waiter {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final TopicPartition tp;
        final long requiredOffset;
        final Judge judge;
        volatile ScheduledFuture<?> timeout;

        Waiter(TopicPartition tp, long requiredOffset, Judge judge) {
            this.tp = tp;
            this.requiredOffset = requiredOffset;
            this.judge = judge;
        }

        void rejudge() {
            if (!done.isDone()) judge.judge(requiredOffset).ifPresent(this::finish);
        }

        void finish(Verdict verdict) {
            boolean first = verdict.error() == null ? done.complete(null) : done.completeExceptionally(verdict.error());
            if (!first) return;
            ScheduledFuture<?> t = timeout;
            if (t != null) t.cancel(false);
            byPartition.computeIfPresent(tp, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
