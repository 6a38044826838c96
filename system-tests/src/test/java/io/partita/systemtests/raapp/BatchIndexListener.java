package io.partita.systemtests.raapp;

import io.partita.ra.api.BatchFailedException;
import io.partita.ra.api.BatchRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Takes whole polls and processes their records in order; at a poison record it throws {@link BatchFailedException}
 * naming its index. Counts each processed record ({@code batch-index}) and each call by its offsets
 * ({@code batch-index-calls}, {@code first..last}). Two retries 1.5 s apart, so the committed offset can be seen
 * standing at the failed record while it is retried.
 */
@MessageDriven(messageListenerInterface = BatchRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = BatchIndexListener.TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-batch-index"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "1500"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = BatchIndexListener.DEAD_LETTERS)
})
public class BatchIndexListener implements BatchRecordListener {

    public static final String TOPIC = "ra.batch.index";
    public static final String DEAD_LETTERS = "ra.batch.index.dlt";

    @Inject
    private Receptions receptions;

    @Override
    public void onRecords(List<ConsumerRecord<byte[], byte[]>> records) throws BatchFailedException {
        receptions.delivered("batch-index-calls", records.get(0).offset() + ".." + records.get(records.size() - 1).offset());
        for (int i = 0; i < records.size(); i++) {
            String value = new String(records.get(i).value(), StandardCharsets.UTF_8);
            receptions.delivered("batch-index", value);
            if (value.startsWith(RaTestApplication.POISON)) {
                throw new BatchFailedException(i, new IllegalStateException("cannot digest " + value));
            }
        }
    }
}
