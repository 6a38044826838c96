package io.partita.systemtests.raapp;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code POST /produce?topic=&count=&prefix=}: sends {@code count} records (values {@code prefix-0 ...}) through
 * the connection factory, half with a callback, then flushes and waits for every future; answers
 * {@code acknowledged=N failed=M callbacks=C partitions=[...]}. {@code POST /orders?topic=&count=}: sends
 * {@code count} {@link Order}s ({@code order-<i>}, key the id) with the typed send, and the
 * {@link RaTestApplication#MALFORMED_ORDERS} spread among them as bytes; answers {@code acknowledged=N failed=M}. {@code GET /received/{listener}}: one line
 * {@code value=deliveries} per record value; {@code GET /threads/{listener}}: how many threads delivered.
 */
@Path("")
@RequestScoped
public class RaTestResource {

    @Resource(lookup = RaTestApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Inject
    private Receptions receptions;

    @POST
    @Path("produce")
    @Produces(MediaType.TEXT_PLAIN)
    public String produce(@QueryParam("topic") String topic, @QueryParam("count") int count,
                          @QueryParam("prefix") String prefix) throws ResourceException, InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(count);
        AtomicInteger callbacks = new AtomicInteger();
        try (PartitaConnection connection = partita.getConnection()) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                        String.valueOf(i).getBytes(StandardCharsets.UTF_8),
                        (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
                sent.add(i % 2 == 0 ? connection.send(record)
                        : connection.send(record, (metadata, e) -> { if (e == null) callbacks.incrementAndGet(); }));
            }
            connection.flush();
        }
        Acknowledgements acknowledgements = Acknowledgements.of(sent);
        return "acknowledged=" + acknowledgements.count() + " failed=" + (count - acknowledgements.count())
                + " callbacks=" + callbacks.get() + " partitions=" + acknowledgements.partitions()
                + (acknowledgements.failures().isEmpty() ? "" : " failures=" + acknowledgements.failures());
    }

    @POST
    @Path("orders")
    @Produces(MediaType.TEXT_PLAIN)
    public String produceOrders(@QueryParam("topic") String topic, @QueryParam("count") int count)
            throws ResourceException, InterruptedException {
        List<String> malformed = RaTestApplication.MALFORMED_ORDERS;
        int spacing = count / malformed.size();
        List<Future<RecordMetadata>> sent = new ArrayList<>(count + malformed.size());
        try (PartitaConnection connection = partita.getConnection()) {
            for (int i = 0; i < count; i++) {
                if (i % spacing == spacing / 2 && i / spacing < malformed.size()) {
                    sent.add(connection.send(new ProducerRecord<>(topic, ("bad-" + i / spacing).getBytes(StandardCharsets.UTF_8),
                            malformed.get(i / spacing).getBytes(StandardCharsets.UTF_8))));
                }
                String id = "order-" + i;
                sent.add(connection.send(topic, id, new Order(id, "item-" + i, i)));
            }
            connection.flush();
        }
        Acknowledgements acknowledgements = Acknowledgements.of(sent);
        return "acknowledged=" + acknowledgements.count() + " failed=" + (sent.size() - acknowledgements.count())
                + (acknowledgements.failures().isEmpty() ? "" : " failures=" + acknowledgements.failures());
    }

    /** What the node acknowledged of the sent records: how many, on which partitions, and the first failures. */
    private record Acknowledgements(int count, TreeSet<Integer> partitions, List<String> failures) {

        static Acknowledgements of(List<Future<RecordMetadata>> sent) throws InterruptedException {
            int acknowledged = 0;
            List<String> failures = new ArrayList<>();
            TreeSet<Integer> partitions = new TreeSet<>();
            for (Future<RecordMetadata> future : sent) {
                try {
                    RecordMetadata metadata = future.get(60, TimeUnit.SECONDS);
                    if (metadata.hasOffset()) acknowledged++;
                    partitions.add(metadata.partition());
                } catch (ExecutionException | TimeoutException e) {
                    if (failures.size() < 3) failures.add(String.valueOf(e.getCause()));
                }
            }
            return new Acknowledgements(acknowledged, partitions, failures);
        }
    }

    @GET
    @Path("partitions/{topic}")
    @Produces(MediaType.TEXT_PLAIN)
    public String partitions(@PathParam("topic") String topic) throws ResourceException {
        try (PartitaConnection connection = partita.getConnection()) {
            return String.valueOf(connection.partitionsFor(topic).size());
        }
    }

    @GET
    @Path("received/{listener}")
    @Produces(MediaType.TEXT_PLAIN)
    public String received(@PathParam("listener") String listener) {
        return receptions.of(listener).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    @GET
    @Path("threads/{listener}")
    @Produces(MediaType.TEXT_PLAIN)
    public String threads(@PathParam("listener") String listener) {
        return String.valueOf(receptions.threadCount(listener));
    }
}
