package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.DeadLetterReason;
import jakarta.ejb.EJBException;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FailureRouterTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final RetryTopics RETRY_TOPICS = new RetryTopics(RetryTopics.schedule("1s,10s"), List.of("orders"));

    private static final class Declined extends IllegalArgumentException {
        Declined() {
            super("card declined");
        }
    }

    private final FailureRouter router;

    FailureRouterTest() throws InvalidPropertyException {
        router = router("orders.dlt", IllegalArgumentException.class.getName());
    }

    @Test
    void aRecordOfItsSourceTopicGoesToTheFirstRetryTopicDueAfterItsDelay() {
        FailureRouter.Destination next = router.next(record("orders", -1), new IllegalStateException("busy"));

        assertThat(next).isEqualTo(new FailureRouter.Destination("orders.retry-1s", 1, NOW + 1000, 3, null));
        assertThat(next.isRetry()).isTrue();
    }

    @Test
    void aRetryTopicsRecordMovesToTheStageAfterTheOneItCarriesThenToTheDeadLetterTopic() {
        assertThat(router.next(record("orders.retry-1s", 1), new IllegalStateException("busy")))
                .isEqualTo(new FailureRouter.Destination("orders.retry-10s", 2, NOW + 10_000, 3, null));
        assertThat(router.next(record("orders.retry-10s", 2), new IllegalStateException("busy")))
                .isEqualTo(FailureRouter.Destination.deadLetters("orders.dlt", 3, DeadLetterReason.DELIVERY_FAILED));
    }

    @Test
    void aStageHeaderThatDoesNotNameAStageOfTheRecordsTopicGivesWayToTheTopicsFirstStage() {
        assertThat(router.next(record("orders.retry-10s", 1), new IllegalStateException("busy")).topic())
                .as("stage 1 is orders.retry-1s: the record is in stage 2").isEqualTo("orders.dlt");
        assertThat(router.next(record("orders.retry-1s", -1), new IllegalStateException("busy")).topic())
                .isEqualTo("orders.retry-10s");
    }

    @Test
    void aNotRetryableFailureOrOneOfItsSubclassesGoesStraightToTheDeadLetterTopicAfterOneDelivery() {
        assertThat(router.retriesInPlace(new Declined())).isFalse();
        assertThat(router.retriesInPlace(new IllegalStateException())).isTrue();
        assertThat(router.retriesInPlace(new EJBException(new Declined()))).as("the loop unwraps it first").isTrue();

        assertThat(router.next(record("orders", -1), new Declined())).isEqualTo(
                FailureRouter.Destination.deadLetters("orders.dlt", 1, DeadLetterReason.NOT_RETRYABLE));
        assertThat(router.next(record("orders.retry-1s", 1), new Declined()).topic()).isEqualTo("orders.dlt");
    }

    @Test
    void withoutDeadLetterTopicARecordPastItsLastStageHasNowhereToGo() throws InvalidPropertyException {
        FailureRouter noDeadLetters = router(" ", null);

        assertThat(noDeadLetters.next(record("orders.retry-10s", 2), new IllegalStateException())).isNull();
        assertThat(noDeadLetters.next(record("orders", -1), new IllegalStateException()).topic())
                .isEqualTo("orders.retry-1s");
    }

    private static FailureRouter router(String deadLetterTopic, String notRetryable) throws InvalidPropertyException {
        return new FailureRouter(RETRY_TOPICS, NotRetryableExceptions.load(
                notRetryable == null ? List.of() : List.of(notRetryable), FailureRouterTest.class.getClassLoader()),
                deadLetterTopic, 2, () -> NOW);
    }

    /** A record of {@code topic}, with a {@code partita.retry.stage} header unless {@code stage} is negative. */
    static ConsumerRecord<byte[], byte[]> record(String topic, int stage) {
        RecordHeaders headers = new RecordHeaders();
        if (stage >= 0) headers.add(DeadLetterHeaders.RETRY_STAGE, String.valueOf(stage).getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(topic, 0, 7, NOW - 5000, TimestampType.CREATE_TIME, 1, 1,
                "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }
}
