package io.partita.systemtests.raapp;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.api.RecordListener;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ordering=key} with 8 lanes on the one-partition topics {@value #TOPIC} and {@value #KILL_TOPIC} (a pattern
 * subscription, so the consumer creates no topic: the test creates them with one partition). Writes each record it
 * processes to {@code <topic>.out} (same key, the record's offset as value, the JVM's {@link #INCARNATION} as a header)
 * through the connection factory and waits for the acknowledgement, so the output topic is a durable log of what was
 * processed, in processing order per key, surviving a kill of the node. Counts how many calls run at once.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topicPattern", propertyValue = "ra\\.keyed(\\.kill)?"),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-keyed"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "ordering", propertyValue = "key"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "8"),
        // The killed node's consumer stays in the group until its session expires: the restarted one waits for that.
        @ActivationConfigProperty(propertyName = "sessionTimeoutMs", propertyValue = "10000"),
        @ActivationConfigProperty(propertyName = "consumerProperties", propertyValue = "metadata.max.age.ms=1000")
})
public class KeyOrderedListener implements RecordListener {

    public static final String TOPIC = "ra.keyed";
    public static final String KILL_TOPIC = "ra.keyed.kill";
    public static final String OUTPUT_SUFFIX = ".out";
    public static final String INCARNATION_HEADER = "incarnation";
    /** Tells the records processed before a kill of the node from those processed after its restart. */
    static final String INCARNATION = UUID.randomUUID().toString();
    static final AtomicInteger IN_CALL = new AtomicInteger();
    static final AtomicInteger MOST_IN_CALL = new AtomicInteger();

    @Resource(lookup = RaTestApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) throws Exception {
        MOST_IN_CALL.accumulateAndGet(IN_CALL.incrementAndGet(), Math::max);
        try {
            ProducerRecord<byte[], byte[]> processed = new ProducerRecord<>(record.topic() + OUTPUT_SUFFIX, record.key(),
                    String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
            processed.headers().add(INCARNATION_HEADER, INCARNATION.getBytes(StandardCharsets.UTF_8));
            try (PartitaConnection connection = partita.getConnection()) {
                connection.send(processed).get(30, TimeUnit.SECONDS);
            }
        } finally {
            IN_CALL.decrementAndGet();
        }
    }
}
