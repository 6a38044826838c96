package io.partita.web.records;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.PartitionOffsets;
import io.partita.web.kafka.TopicDescriptions;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * {@code /api/records}: the record browser (a few records of one partition from an offset or a timestamp) and a
 * test producer. Reads use a consumer with manual assignment: no group, nothing committed.
 */
@Path("records")
@RequestScoped
@Tag(name = "records")
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {

    static final int MAX_LIMIT = 500;
    private static final Duration READ_DEADLINE = Duration.ofSeconds(10);

    @Inject
    NodeClients clients;

    @GET
    @Path("{topic}/{partition}")
    @Operation(summary = "Up to 'limit' records of a partition from 'offset' or 'timestamp' (default: the last ones)")
    public List<RecordView> browse(@PathParam("topic") String topic, @PathParam("partition") int partition,
                                   @QueryParam("offset") Long offset, @QueryParam("timestamp") Long timestamp,
                                   @QueryParam("limit") @DefaultValue("20") int limit,
                                   @QueryParam("format") @DefaultValue("text") String format) {
        RecordFormat shown = RecordFormat.named(format);
        if (limit < 1 || limit > MAX_LIMIT) throw ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        if (offset != null && timestamp != null) throw ApiProblem.badRequest("Give offset or timestamp, not both");
        if (offset != null && offset < 0) throw ApiProblem.badRequest("offset must be >= 0, was " + offset);
        Admin admin = clients.admin();
        TopicPartition tp = existing(admin, topic, partition);
        long start = PartitionOffsets.of(admin, List.of(tp), OffsetSpec.earliest()).get(tp);
        long end = PartitionOffsets.of(admin, List.of(tp), OffsetSpec.latest()).get(tp);
        long from;
        if (offset != null) {
            from = Math.min(Math.max(offset, start), end);
        } else if (timestamp != null) {
            long found = PartitionOffsets.of(admin, List.of(tp), OffsetSpec.forTimestamp(timestamp)).get(tp);
            from = found < 0 ? end : found;
        } else {
            from = Math.max(start, end - limit);
        }
        return read(tp, from, Math.min(end, from + limit), shown);
    }

    @POST
    @Path("{topic}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Produce one test record with text key, value and headers (admin)")
    public Response produce(@PathParam("topic") String topic, ProduceRequest request) {
        if (request == null) throw ApiProblem.badRequest("Give the record as a JSON object");
        if (request.partition != null) {
            existing(clients.admin(), topic, request.partition);
        } else {
            TopicDescriptions.one(clients.admin(), topic);
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, request.partition, bytes(request.key),
                bytes(request.value));
        if (request.headers != null) {
            request.headers.forEach((key, value) -> record.headers().add(new RecordHeader(key, bytes(value))));
        }
        RecordMetadata written = Futures.get(clients.producer().send(record));
        return Response.status(Response.Status.CREATED)
                .entity(new ProducedRecord(topic, written.partition(), written.offset(), written.timestamp()))
                .build();
    }

    private List<RecordView> read(TopicPartition tp, long from, long until, RecordFormat format) {
        List<RecordView> records = new ArrayList<>();
        if (from >= until) return records;
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            Instant deadline = Instant.now().plus(READ_DEADLINE);
            long next = from;
            while (next < until && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    if (record.offset() >= until) break;
                    records.add(view(record, format));
                    next = record.offset() + 1;
                }
                next = Math.max(next, consumer.position(tp));
            }
        }
        return records;
    }

    private static RecordView view(ConsumerRecord<byte[], byte[]> record, RecordFormat format) {
        List<RecordView.Header> headers = StreamSupport.stream(record.headers().spliterator(), false)
                .map(header -> new RecordView.Header(header.key(), format.show(header.value())))
                .toList();
        return new RecordView(record.partition(), record.offset(), record.timestamp(), record.timestampType().name,
                format.show(record.key()), format.show(record.value()), headers);
    }

    /** The partition, when the topic exists and has it; otherwise Kafka's UNKNOWN_TOPIC_OR_PARTITION. */
    private static TopicPartition existing(Admin admin, String topic, int partition) {
        int count = TopicDescriptions.one(admin, topic).partitions().size();
        if (partition < 0 || partition >= count) {
            throw new UnknownTopicOrPartitionException("Topic " + topic + " has no partition " + partition
                    + " (it has " + count + ")");
        }
        return new TopicPartition(topic, partition);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
