package io.partita.systemtests.raapp;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Blocks on records whose value starts with {@value #BLOCK} until {@code POST /stall/release} ({@link StallGate}),
 * longer than its {@code maxStallMs} of 3 s, and throws on poison records: 1 delivery + 1 retry each, then the
 * dead-letter topic. Its deliveries are counted as {@code health}.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = HealthListener.TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = HealthListener.GROUP),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "1"),
        @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = HealthListener.DEAD_LETTERS),
        @ActivationConfigProperty(propertyName = "maxStallMs", propertyValue = "3000")
})
public class HealthListener implements RecordListener {

    public static final String TOPIC = "ra.health";
    public static final String DEAD_LETTERS = "ra.health.dlt";
    public static final String GROUP = "ra-health";
    public static final String BLOCK = "block";

    @Inject
    private Receptions receptions;

    @Inject
    private StallGate gate;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        receptions.delivered("health", value);
        if (value.startsWith(BLOCK)) gate.pass();
        if (value.startsWith(RaTestApplication.POISON)) throw new IllegalStateException("cannot digest " + value);
    }
}
