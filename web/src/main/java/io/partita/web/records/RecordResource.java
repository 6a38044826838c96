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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * {@code /api/records}: the record browser (a few records of one partition from an offset or a timestamp), the
 * record search (across a topic's partitions, filtered and bounded, see {@link RecordScan}) and a test producer. Reads use a consumer with manual assignment: no group, nothing committed.
 */
@Path("records")
@RequestScoped
@Tag(name = "records")
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {

    static final int MAX_LIMIT = 500;
    static final long MAX_SCAN = 10_000_000;
    static final long MAX_MILLIS = 30_000;
    static final int MAX_BATCH = 1_000;
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

    @GET
    @Path("{topic}")
    @Operation(summary = "Search the records of a topic (all partitions, or one) by key, value, JSON field, header "
            + "and time, newest first or oldest first from an offset or 'from'; bounded by 'limit' records found, "
            + "'maxScan' records read and 'maxMillis'; 'cursor' goes on where the last page stopped")
    public RecordSearchResult search(@PathParam("topic") String topic, @QueryParam("partition") Integer partition,
                                     @QueryParam("order") @DefaultValue("newest") String order,
                                     @QueryParam("offset") Long offset, @QueryParam("cursor") String cursor,
                                     @QueryParam("key") String key, @QueryParam("value") String value,
                                     @QueryParam("jsonField") String jsonField, @QueryParam("header") String header,
                                     @QueryParam("from") Long from, @QueryParam("to") Long to,
                                     @QueryParam("limit") @DefaultValue("50") int limit,
                                     @QueryParam("maxScan") @DefaultValue("1000000") long maxScan,
                                     @QueryParam("maxMillis") @DefaultValue("5000") long maxMillis,
                                     @QueryParam("format") @DefaultValue("text") String format) {
        RecordFormat shown = RecordFormat.named(format);
        if (!order.equals("newest") && !order.equals("oldest")) {
            throw ApiProblem.badRequest("order must be newest or oldest, was " + order);
        }
        boolean newestFirst = order.equals("newest");
        if (offset != null && newestFirst) throw ApiProblem.badRequest("offset goes with order=oldest");
        if (offset != null && offset < 0) throw ApiProblem.badRequest("offset must be >= 0, was " + offset);
        if (limit < 1 || limit > MAX_LIMIT) throw ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        if (maxScan < 1 || maxScan > MAX_SCAN) throw ApiProblem.badRequest("maxScan must be 1 to " + MAX_SCAN + ", was " + maxScan);
        if (maxMillis < 1 || maxMillis > MAX_MILLIS) {
            throw ApiProblem.badRequest("maxMillis must be 1 to " + MAX_MILLIS + ", was " + maxMillis);
        }
        RecordFilter filter = new RecordFilter(key, value, jsonField, header, from, to);
        Map<Integer, Long> continued = cursor == null || cursor.isBlank() ? null : ScanCursor.parse(cursor);
        Admin admin = clients.admin();
        int count = TopicDescriptions.one(admin, topic).partitions().size();
        List<TopicPartition> partitions = new ArrayList<>();
        if (partition != null) {
            partitions.add(existing(admin, topic, partition));
        } else {
            for (int p = 0; p < count; p++) partitions.add(new TopicPartition(topic, p));
        }
        if (continued != null) partitions.removeIf(tp -> !continued.containsKey(tp.partition()));
        Map<TopicPartition, Long> earliest = PartitionOffsets.of(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = PartitionOffsets.of(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> low = from == null ? earliest : atTime(admin, partitions, from, latest);
        Map<TopicPartition, Long> high = to == null ? latest : atTime(admin, partitions, to + 1, latest);
        Map<TopicPartition, RecordScan.Span> spans = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            long start = Math.max(earliest.get(tp), offset == null ? low.get(tp) : offset);
            long end = high.get(tp);
            if (continued != null && newestFirst) end = Math.min(end, continued.get(tp.partition()));
            if (continued != null && !newestFirst) start = Math.max(earliest.get(tp), continued.get(tp.partition()));
            spans.put(tp, new RecordScan.Span(start, end));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
            return new RecordScan(consumer, filter, newestFirst, limit, maxScan, Duration.ofMillis(maxMillis), spans)
                    .run(shown);
        }
    }

    @POST
    @Path("{topic}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Produce one test record with text key, value (null: a tombstone) and headers (admin)")
    public Response produce(@PathParam("topic") String topic, ProduceRequest request) {
        if (request == null) throw ApiProblem.badRequest("Give the record as a JSON object");
        return Response.status(Response.Status.CREATED).entity(send(topic, List.of(request)).get(0)).build();
    }

    @POST
    @Path("{topic}/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Produce up to 1000 test records at once, each as POST /records/{topic} takes it, in order (admin)")
    public Response produceBatch(@PathParam("topic") String topic, List<ProduceRequest> requests) {
        if (requests == null || requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw ApiProblem.badRequest("Give 1 to " + MAX_BATCH + " records as a JSON array");
        }
        if (requests.contains(null)) throw ApiProblem.badRequest("Each record must be a JSON object, not null");
        return Response.status(Response.Status.CREATED).entity(send(topic, requests)).build();
    }

    /** Sends the records (after checking the topic and partitions named), then waits for all. */
    private List<ProducedRecord> send(String topic, List<ProduceRequest> requests) {
        int count = TopicDescriptions.one(clients.admin(), topic).partitions().size();
        for (ProduceRequest request : requests) {
            if (request.partition != null && (request.partition < 0 || request.partition >= count)) {
                throw new UnknownTopicOrPartitionException("Topic " + topic + " has no partition " + request.partition
                        + " (it has " + count + ")");
            }
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProduceRequest request : requests) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, request.partition, bytes(request.key),
                    bytes(request.value));
            if (request.headers != null) {
                request.headers.forEach((key, value) -> record.headers().add(new RecordHeader(key, bytes(value))));
            }
            sent.add(clients.producer().send(record));
        }
        return sent.stream().map(Futures::get)
                .map(written -> new ProducedRecord(topic, written.partition(), written.offset(), written.timestamp()))
                .toList();
    }

    /** The first offset at or after the time in each partition; latest where no record is that late. */
    private static Map<TopicPartition, Long> atTime(Admin admin, List<TopicPartition> partitions, long time,
                                                    Map<TopicPartition, Long> latest) {
        Map<TopicPartition, Long> found = new HashMap<>(PartitionOffsets.of(admin, partitions, OffsetSpec.forTimestamp(time)));
        found.replaceAll((tp, at) -> at < 0 ? latest.get(tp) : at);
        return found;
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
                    records.add(RecordView.of(record, format));
                    next = record.offset() + 1;
                }
                next = Math.max(next, consumer.position(tp));
            }
        }
        return records;
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
