package io.partita.bench.ra;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /consume?via=typed|typed-batch|typed-tx|bytes|batch|plain&records=N} appends N JSON orders to the variant's topic
 * in one transaction ({@link OrderFill}) once the variant's consumers are polling all its partitions, and answers
 * {@code via=... records=N seconds=S records/s=R delivered=D checksum=ok|wrong fill-seconds=F} once they have read
 * N of them, timed from the first record read to the Nth ({@link ConsumeClock}). {@code typed} is
 * {@link TypedOrderListener}, {@code typed-batch} {@link TypedBatchOrderListener}, {@code typed-tx} {@link TransactedOrderListener}, {@code bytes}
 * {@link BytesOrderListener}, {@code batch} {@link BatchOrderListener} (all deployed with this application and
 * always subscribed), {@code plain} {@link PlainConsumers}, started for the call. All run in this JVM, each with
 * {@value #CONSUMERS} consumers on a topic of {@value #PARTITIONS} partitions, reading {@code read_committed}.
 */
@Path("consume")
@RequestScoped
public class ConsumeResource {

    static final String TYPED_TOPIC = "bench-typed";
    static final String TYPED_BATCH_TOPIC = "bench-typed-batch";
    static final String TYPED_TX_TOPIC = "bench-typed-tx";
    static final String BYTES_TOPIC = "bench-bytes";
    static final String BATCH_TOPIC = "bench-batch";
    static final String PLAIN_TOPIC = "bench-plain";
    static final int PARTITIONS = 6;
    /** Consumers per variant, one per partition (as a String for the activation properties). */
    static final String CONSUMERS = "" + PARTITIONS;
    static final String CONSUMER_PROPERTIES = "isolation.level=read_committed";

    private static final long GROUP_TIMEOUT_MS = 60_000;
    private static final long CONSUME_TIMEOUT_MINUTES = 10;

    @Resource(lookup = BenchApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Resource
    private ManagedThreadFactory threads;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String consume(@QueryParam("via") String via, @QueryParam("records") @DefaultValue("1000000") int records)
            throws Exception {
        if (records < 1) throw new BadRequestException("records must be >= 1");
        ConsumeClock.Variant variant = variant(via);
        String topic = switch (variant) {
            case TYPED -> TYPED_TOPIC;
            case TYPED_BATCH -> TYPED_BATCH_TOPIC;
            case TYPED_TX -> TYPED_TX_TOPIC;
            case BYTES -> BYTES_TOPIC;
            case BATCH -> BATCH_TOPIC;
            case PLAIN -> PLAIN_TOPIC;
        };
        String bootstrap;
        try (PartitaConnection connection = partita.getConnection()) {
            bootstrap = connection.nodeInfo().bootstrapAddress();
        }
        ConsumeClock clock = ConsumeClock.INSTANCE;
        clock.arm(variant, records);
        long expected;
        double fillSeconds;
        boolean complete;
        try (PlainConsumers plain = variant == ConsumeClock.Variant.PLAIN
                ? PlainConsumers.start(bootstrap, topic, PARTITIONS, threads) : null) {
            // The groups of the listeners are named for their topics, as the plain one is.
            GroupAssignments.await(bootstrap, topic, topic, PARTITIONS, GROUP_TIMEOUT_MS);
            long fillStart = System.nanoTime();
            expected = OrderFill.fill(bootstrap, topic, records);
            fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            complete = clock.await(CONSUME_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } finally {
            clock.disarm();
        }
        if (!complete) {
            return String.format("via=%s records=%d incomplete: %d read within %d minutes%n",
                    via, records, clock.count(), CONSUME_TIMEOUT_MINUTES);
        }
        double seconds = clock.elapsedNanos() / 1e9;
        return String.format("via=%s records=%d seconds=%.3f records/s=%.0f delivered=%d checksum=%s fill-seconds=%.1f%n",
                via, records, seconds, records / seconds, clock.count(),
                clock.checksum() == expected ? "ok" : "wrong", fillSeconds);
    }

    private static ConsumeClock.Variant variant(String via) {
        try {
            return ConsumeClock.Variant.valueOf(via == null ? "" : via.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("via must be typed, typed-batch, typed-tx, bytes, batch or plain");
        }
    }
}
