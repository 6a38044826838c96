package io.partita.bench.ra;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /send?via=factory|connection|producer&records=N&size=B&topic=T} sends N records of B bytes and answers
 * {@code via=... records=N seconds=S records/s=R failed=F}, timed from the first send to the end of the flush.
 * {@code factory} takes a connection from the factory for every record, as a bean serving one request each does;
 * {@code connection} sends all records through one connection; {@code producer} uses a plain {@code KafkaProducer}
 * with the factory's settings, created before the clock starts. All three run in this JVM.
 */
@Path("send")
@RequestScoped
public class SendResource {

    @Resource(lookup = BenchApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String send(@QueryParam("via") String via, @QueryParam("records") @DefaultValue("1000000") int records,
                       @QueryParam("size") @DefaultValue("100") int size,
                       @QueryParam("topic") @DefaultValue("bench") String topic) throws ResourceException {
        if (records < 1 || size < 0) throw new BadRequestException("records must be >= 1 and size >= 0");
        byte[] value = new byte[size];
        AtomicLong failed = new AtomicLong();
        Callback count = (metadata, error) -> { if (error != null) failed.incrementAndGet(); };
        long elapsed;
        switch (via == null ? "" : via) {
            case "factory" -> {
                long start = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    try (PartitaConnection connection = partita.getConnection()) {
                        connection.send(new ProducerRecord<>(topic, value), count);
                    }
                }
                try (PartitaConnection connection = partita.getConnection()) {
                    connection.flush();
                }
                elapsed = System.nanoTime() - start;
            }
            case "connection" -> {
                try (PartitaConnection connection = partita.getConnection()) {
                    long start = System.nanoTime();
                    for (int i = 0; i < records; i++) connection.send(new ProducerRecord<>(topic, value), count);
                    connection.flush();
                    elapsed = System.nanoTime() - start;
                }
            }
            case "producer" -> {
                try (KafkaProducer<byte[], byte[]> producer = plainProducer()) {
                    long start = System.nanoTime();
                    for (int i = 0; i < records; i++) producer.send(new ProducerRecord<>(topic, value), count);
                    producer.flush();
                    elapsed = System.nanoTime() - start;
                }
            }
            default -> throw new BadRequestException("via must be factory, connection or producer");
        }
        double seconds = elapsed / 1e9;
        return String.format("via=%s records=%d seconds=%.3f records/s=%.0f failed=%d%n",
                via, records, seconds, records / seconds, failed.get());
    }

    private KafkaProducer<byte[], byte[]> plainProducer() throws ResourceException {
        Map<String, Object> settings = new HashMap<>();
        for (String[] setting : BenchApplication.PRODUCER_SETTINGS) settings.put(setting[0], setting[1]);
        try (PartitaConnection connection = partita.getConnection()) {
            settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.nodeInfo().bootstrapAddress());
        }
        return AdapterClients.create(() ->
                new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer()));
    }
}
