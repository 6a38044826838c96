package io.partita.systemtests.shareapp;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool of 16 beans sharing a two-partition topic through a share group: each call works 50 ms (so that calls
 * overlap when the pool runs in parallel) and throws on poison records, every time.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = ShareTestApplication.TOPIC),
        @ActivationConfigProperty(propertyName = "shareGroup", propertyValue = ShareTestApplication.SHARE_GROUP),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "16"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = ShareTestApplication.DEAD_LETTERS)
})
public class QueueWorker implements RecordListener {

    private static final long WORK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @Inject
    private PoolCalls calls;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        calls.began(value, record.deliveryCount().orElseThrow());
        try {
            LockSupport.parkNanos(WORK_NANOS);
            if (value.startsWith(ShareTestApplication.POISON)) throw new IllegalStateException("cannot digest " + value);
        } finally {
            calls.ended();
        }
    }
}
