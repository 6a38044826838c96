package io.partita.engine.schedule;

import io.partita.engine.log.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedule's invariants with real executors and the engine's clock moved by hand: a job starts once per
 * interval on its own executor, never on the caller's thread and never over its previous run, and a job that keeps
 * failing is logged once per report interval with a count.
 */
class PeriodicJobsTest {

    private static final long INTERVAL_MS = 1_000;
    private static final long REPORT_INTERVAL_MS = 30_000;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final ExecutorService jobThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "job-thread"));
    private final Logger log = Logger.getLogger(PeriodicJobs.class.getName());
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void stop() throws InterruptedException {
        log.removeHandler(capture);
        jobThread.shutdownNow();
        assertThat(jobThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDueJobRunsOnceOnItsExecutorNeverOnTheCaller() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        PeriodicJobs jobs = new PeriodicJobs(clock, List.of(
                new PeriodicJob("retention", INTERVAL_MS, jobThread, () -> threads.add(Thread.currentThread().getName()))),
                REPORT_INTERVAL_MS);

        clock.advance(Duration.ofMillis(INTERVAL_MS - 1));
        jobs.runDue();
        drain();
        assertThat(threads).isEmpty();

        clock.advance(Duration.ofMillis(1));
        jobs.runDue();
        jobs.runDue();
        drain();
        assertThat(threads).containsExactly("job-thread");

        clock.advance(Duration.ofMillis(INTERVAL_MS));
        jobs.runDue();
        drain();
        assertThat(threads).containsExactly("job-thread", "job-thread");
    }

    @Test
    void aJobNeverOverlapsItsPreviousRunAndStartsAgainOnceItEnded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger starts = new AtomicInteger();
        PeriodicJobs jobs = new PeriodicJobs(clock, List.of(new PeriodicJob("slow", INTERVAL_MS, jobThread, () -> {
            starts.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })), REPORT_INTERVAL_MS);

        clock.advance(Duration.ofMillis(INTERVAL_MS));
        jobs.runDue();
        await().until(() -> starts.get() == 1);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(INTERVAL_MS));
            jobs.runDue();
        }
        assertThat(starts).hasValue(1);

        release.countDown();
        await().untilAsserted(() -> {
            jobs.runDue();
            assertThat(starts).hasValue(2);
        });
    }

    @Test
    void aFailingJobIsLoggedOncePerReportIntervalWithTheCountOfFailures() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        PeriodicJobs jobs = new PeriodicJobs(clock, List.of(new PeriodicJob("checkpoint", INTERVAL_MS, jobThread, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("disk on fire");
        })), REPORT_INTERVAL_MS);

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMillis(INTERVAL_MS));
            jobs.runDue();
            drain();
        }
        assertThat(runs).hasValue(4);
        assertThat(logLines).singleElement().asString()
                .contains("'checkpoint'", "1 time(s) since the last report", "disk on fire");

        clock.advance(Duration.ofMillis(REPORT_INTERVAL_MS));
        jobs.runDue();
        drain();
        assertThat(runs).hasValue(5);
        assertThat(logLines).hasSize(2);
        assertThat(logLines.get(1)).contains("'checkpoint'", "4 time(s) since the last report");
    }

    @Test
    void aJobItsExecutorRefusesIsLoggedAndDueAgainAtTheNextTick() throws Exception {
        AtomicInteger refusals = new AtomicInteger(1);
        AtomicInteger runs = new AtomicInteger();
        PeriodicJobs jobs = new PeriodicJobs(clock, List.of(new PeriodicJob("poll", INTERVAL_MS, task -> {
            if (refusals.getAndDecrement() > 0) throw new RejectedExecutionException("loop shut down");
            jobThread.execute(task);
        }, runs::incrementAndGet)), REPORT_INTERVAL_MS);

        clock.advance(Duration.ofMillis(INTERVAL_MS));
        jobs.runDue();
        assertThat(logLines).singleElement().asString().contains("'poll'", "loop shut down");

        clock.advance(Duration.ofMillis(INTERVAL_MS));
        jobs.runDue();
        drain();
        assertThat(runs).hasValue(1);
    }

    @Test
    void theTickIsTheFinestIntervalAndAClockThatWentBackMakesEveryJobDue() throws Exception {
        AtomicInteger fast = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        PeriodicJobs jobs = new PeriodicJobs(clock, List.of(
                new PeriodicJob("fast", 100, jobThread, fast::incrementAndGet),
                new PeriodicJob("slow", 60_000, jobThread, slow::incrementAndGet)), REPORT_INTERVAL_MS);
        assertThat(jobs.tickMs()).isEqualTo(100);

        clock.advance(Duration.ofMillis(100));
        jobs.runDue();
        drain();
        assertThat(fast).hasValue(1);
        assertThat(slow).hasValue(0);

        clock.advance(Duration.ofHours(-1));
        jobs.runDue();
        drain();
        assertThat(fast).hasValue(2);
        assertThat(slow).hasValue(1);
    }

    @Test
    void aStoppedScheduleStartsNothing() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        PeriodicJobs jobs = new PeriodicJobs(clock, List.of(new PeriodicJob("flush", INTERVAL_MS, jobThread, runs::incrementAndGet)),
                REPORT_INTERVAL_MS);
        jobs.stop();
        clock.advance(Duration.ofMillis(INTERVAL_MS));
        jobs.runDue();
        drain();
        assertThat(runs).hasValue(0);
    }

    /** Waits until the job thread has finished everything handed to it so far (it runs tasks in order). */
    private void drain() throws Exception {
        jobThread.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }
}
