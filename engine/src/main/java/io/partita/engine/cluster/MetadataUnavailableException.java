package io.partita.engine.cluster;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * The metadata store did not answer in time: this node is cut off from the quorum, or the quorum has lost its
 * majority. Retriable; a Kafka request that meets it is answered REQUEST_TIMED_OUT.
 */
public final class MetadataUnavailableException extends TimeoutException {

    public MetadataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
