package io.partita.ra.inbound;

/** What the inbound tests set up alike. */
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

    /** Where the activation's failed records go without retry topics: its dead-letter topic. */
    static FailureRouter router(PartitaActivationSpec spec) {
        return new FailureRouter(RetryTopics.NONE, NotRetryableExceptions.NONE, spec.getDeadLetterTopic(),
                spec.getRetryAttempts(), System::currentTimeMillis);
    }

    /** A gate that lets every record through: the activation has no retry topics. */
    static RetryTopicGate gate(PartitaActivationSpec spec) {
        return new RetryTopicGate(RetryTopics.NONE, spec.getGroupId(), System::currentTimeMillis);
    }
}
