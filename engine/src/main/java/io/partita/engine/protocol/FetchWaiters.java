package io.partita.engine.protocol;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.requests.AbstractResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Fetches waiting for data (Kafka's fetch purgatory). A waiting fetch is retried on the scheduler thread after
 * each append to one of its partitions and answered as soon as the retry finds enough, or with whatever there is
 * when its wait runs out. Thread-safe.
 */
final class FetchWaiters {

    private final ScheduledExecutorService scheduler;
    private final Map<TopicPartition, Set<Waiter>> byPartition = new ConcurrentHashMap<>();

    FetchWaiters(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * @param retry   answers the fetch, or returns null when there is still too little
     * @param expired answers the fetch with whatever there is
     */
    CompletableFuture<AbstractResponse> await(List<TopicPartition> partitions, long maxWaitMs,
                                              Supplier<AbstractResponse> retry, Supplier<AbstractResponse> expired) {
        Waiter waiter = new Waiter(partitions, retry);
        for (TopicPartition tp : partitions) {
            byPartition.compute(tp, (k, set) -> {
                Set<Waiter> waiting = set == null ? ConcurrentHashMap.newKeySet() : set;
                waiting.add(waiter);
                return waiting;
            });
        }
        waiter.timeout = scheduler.schedule(() -> waiter.complete(expired), maxWaitMs, TimeUnit.MILLISECONDS);
        // An append may have landed between the first read and the registration above.
        waiter.wake();
        return waiter.answer;
    }

    /** Called after an append moved the high watermark of {@code tp}. */
    void appended(TopicPartition tp) {
        Set<Waiter> waiting = byPartition.get(tp);
        if (waiting != null) waiting.forEach(Waiter::wake);
    }

    private final class Waiter {
        final CompletableFuture<AbstractResponse> answer = new CompletableFuture<>();
        final List<TopicPartition> partitions;
        final Supplier<AbstractResponse> retry;
        final AtomicBoolean retryQueued = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Waiter(List<TopicPartition> partitions, Supplier<AbstractResponse> retry) {
            this.partitions = partitions;
            this.retry = retry;
        }

        void wake() {
            if (!answer.isDone() && retryQueued.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    retryQueued.set(false);
                    if (answer.isDone()) return;
                    AbstractResponse response = retry.get();
                    if (response != null) finish(response);
                });
            }
        }

        void complete(Supplier<AbstractResponse> expired) {
            if (!answer.isDone()) finish(expired.get());
        }

        private void finish(AbstractResponse response) {
            if (!answer.complete(response)) return;
            ScheduledFuture<?> t = timeout;
            if (t != null) t.cancel(false);
            for (TopicPartition tp : partitions) {
                byPartition.computeIfPresent(tp, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
