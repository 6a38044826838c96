package io.partita.ra.inbound;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the inbound tests set up and tear down alike. */
final class InboundFixtures {

    private InboundFixtures() {
    }

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

    /** Stops the loop (when the test started one) and checks it closed its consumer. */
    static void stop(PollLoop loop) throws InterruptedException {
        if (loop == null) return;
        loop.release();
        assertThat(loop.awaitEnd(Duration.ofSeconds(20))).as("the loop ended").isTrue();
    }
}
