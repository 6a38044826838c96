package io.partita.ra.inbound;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTopicsTest {

    @Test
    void aScheduleIsCommaSeparatedDelaysInMillisecondsSecondsMinutesOrHours() {
        assertThat(RetryTopics.schedule(" 1s, 10s ,1m,500ms,2h")).containsExactly(Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofHours(2));
        assertThat(RetryTopics.schedule(null)).isEmpty();
        assertThat(RetryTopics.schedule(" ")).isEmpty();
    }

    @Test
    void aDelayWithoutAKnownUnitOrThatIsNotAWholePositiveNumberIsRefusedSayingWhich() {
        for (String wrong : List.of("10", "1d", "1.5s", "-1s", "s", "1s,,10s", "1s;10s", "1 s", "1234567890s")) {
            assertThatThrownBy(() -> RetryTopics.schedule(wrong)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is no delay");
        }
        assertThatThrownBy(() -> RetryTopics.schedule("1s,0ms")).hasMessage("'0ms' is no delay: a delay is positive");
    }

    @Test
    void retryTopicsAreNamedAfterTheirSourceAndDelayInItsLargestExactUnit() {
        RetryTopics topics = new RetryTopics(RetryTopics.schedule("1000ms,10s,60s,90s,1500ms,120m"), List.of("orders"));

        assertThat(topics.names()).containsExactly("orders.retry-1s", "orders.retry-10s", "orders.retry-1m",
                "orders.retry-90s", "orders.retry-1500ms", "orders.retry-2h");
        assertThat(topics.stages()).isEqualTo(6);
        assertThat(topics.delay(3)).isEqualTo(Duration.ofMinutes(1));
        assertThat(topics.topic("orders", 2)).isEqualTo("orders.retry-10s");
    }

    @Test
    void stagesOfTheSameDelayShareTheirTopicAndEverySourceHasItsOwn() {
        RetryTopics topics = new RetryTopics(RetryTopics.schedule("1s,1s,10s"), List.of("orders", "payments"));

        assertThat(topics.names()).containsExactly("orders.retry-1s", "orders.retry-10s", "payments.retry-1s",
                "payments.retry-10s");
        assertThat(topics.firstStageOf("payments.retry-1s")).isEqualTo(1);
        assertThat(topics.firstStageOf("payments.retry-10s")).isEqualTo(3);
        assertThat(topics.sourceOf("payments.retry-10s")).isEqualTo("payments");
        assertThat(topics.sourceOf("payments")).isEqualTo("payments");
        assertThat(topics.isRetryTopic("orders.retry-1s")).isTrue();
        assertThat(topics.isRetryTopic("orders")).isFalse();
        assertThat(topics.isRetryTopic("orders.retry-2s")).isFalse();
        assertThat(RetryTopics.NONE.names()).isEmpty();
        assertThat(RetryTopics.NONE.isRetryTopic("orders.retry-1s")).isFalse();
    }
}
