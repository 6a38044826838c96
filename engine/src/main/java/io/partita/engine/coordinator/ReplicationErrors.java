package io.partita.engine.coordinator;

import io.partita.engine.concurrent.CompletionFailures;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;


/** What a coordinator answers for a write to its internal topic that did not reach the in-sync replicas. Stateless. */
public final class ReplicationErrors {

    private ReplicationErrors() {
    }

    /**
     * Kafka's coordinator answers: NOT_COORDINATOR when leadership of {@code tp} moved, else COORDINATOR_NOT_AVAILABLE
     * (the client asks again, maybe elsewhere).
     */
    public static ApiException of(TopicPartition tp, Throwable failure) {
        Throwable cause = CompletionFailures.cause(failure);
        if (cause instanceof NotLeaderOrFollowerException) {
            return new NotCoordinatorException("This node no longer leads " + tp, cause);
        }
        return new CoordinatorNotAvailableException("The write to " + tp + " did not reach its in-sync replicas: "
                + cause.getMessage(), cause);
    }
}
