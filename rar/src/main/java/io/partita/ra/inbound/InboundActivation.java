package io.partita.ra.inbound;

import io.partita.ra.AdapterClassLoader;
import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.RecordListener;
import io.partita.ra.api.RoutedRecordListener;
import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecordListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One activated message-driven bean. With {@code ordering=partition} (the default): {@code concurrency} consumers of
 * its group, each polling on a WorkManager thread and delivering to a bean instance of its own ({@link ConsumerLoop}).
 * With {@code ordering=key} or {@code none}: one consumer ({@link LaneDispatcher}) handing records to
 * {@code concurrency} lanes, each a WorkManager thread with a bean instance of its own ({@link DeliveryLane}); a
 * batch listener bean is refused then, as is {@code transactional=true} (by the spec's validation).
 *
 * <p>Consumers are built with deserializer instances and the adapter's class loader as context loader (Kafka
 * loads the configured assignors by name through it); they hand the loops bytes. For a {@link TypedRecordListener}
 * or {@link TypedBatchRecordListener} bean each bean instance's delivery has its own {@link TypedRecordReader}, built here from the bean's declared types, so that a wrong
 * deserializer class or an undeclared type fails the activation rather than the records; likewise a
 * {@code notRetryable} class that cannot be loaded, and a retry topic that can be neither found nor created (they are
 * created, as the activation's user, before the consumers subscribe to them). For a
 * {@link RoutedRecordListener} bean the activation resolves and checks its {@code @OnRecord} methods once
 * ({@link RecordRoutes}; an ambiguous or unfit method fails it), subscribes to their topics when the bean's
 * properties name none, and gives each bean instance's delivery its own {@link RecordRouter}. Created started by
 * {@link #start}; {@link #stop()} returns once every consumer has left the group, or after {@link #STOP_TIMEOUT}.
 * Its {@link ActivationMonitor} follows the consumers' progress.
 *
 * <p>With a {@code shareGroup}: {@code concurrency} share consumers of the group, each on a WorkManager thread with
 * a bean instance of its own ({@link ShareLoop}), however many partitions there are; a batch listener bean is refused.
 * Thread-safe.
 */
public final class InboundActivation {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(InboundActivation.class.getName());

    private final String name;
    private final List<ActivationConsumer> loops;
    private final ActivationMonitor monitor;

    private InboundActivation(String name, List<ActivationConsumer> loops, ActivationMonitor monitor) {
        this.name = name;
        this.loops = loops;
        this.monitor = monitor;
    }

    /**
     * Starts the consumers of {@code endpoints} configured by {@code spec}.
     *
     * @param bootstrap             the node's {@code host:port}
     * @param transactionalIdPrefix unique to this node and stable across its restarts; a transactional activation's
     *                              consumer {@code i} has {@code transactional.id} {@code <prefix>-<activation name>-<i>}
     * @param deadLetter            sends a dead-letter record and waits for its acknowledgement
     * @param deliveryCountLimits   a share group's delivery count limit as the node applies it now: a share group's
     *                              failing record is dead-lettered at its delivery of that count
     */
    public static InboundActivation start(MessageEndpointFactory endpoints, PartitaActivationSpec spec,
                                          WorkManager workManager, String bootstrap, String transactionalIdPrefix,
                                          RecordSender deadLetter, ToIntFunction<String> deliveryCountLimits)
            throws ResourceException {
        spec.validate();
        Class<?> bean = endpoints.getEndpointClass();
        RecordRoutes routes = RecordRoutes.isRouted(bean) ? routes(endpoints.getActivationName(), bean, spec) : null;
        if (routes == null && !spec.namesTopics()) {
            throw new InvalidPropertyException("Set exactly one of topics and topicPattern");
        }
        Map<String, Object> config = spec.consumerConfig(bootstrap);
        long maxStallMs = spec.stallLimitMs();
        String name = endpoints.getActivationName() + " (" + spec + ")";
        if (spec.isTransactional()) requireTransactedDelivery(name, endpoints, routes);
        boolean typed = bean != null && ListenerTypes.isTyped(bean);
        if (!typed && routes == null && (spec.keyDeserializerClass() != null || spec.valueDeserializerClass() != null)) {
            throw new ResourceException(name + ": keyDeserializer and valueDeserializer apply to a "
                    + TypedRecordListener.class.getSimpleName() + " or " + RoutedRecordListener.class.getSimpleName() + " only");
        }
        Ordering ordering = spec.ordering();
        if (ordering != Ordering.PARTITION && takesBatches(bean)) {
            throw new ResourceException(name + ": ordering=" + ordering + " delivers records one at a time; a "
                    + batchListenerOf(bean) + " needs ordering=partition");
        }
        if (spec.isShared() && takesBatches(bean)) {
            throw new ResourceException(name + ": a shareGroup acknowledges records one at a time; a "
                    + batchListenerOf(bean) + " needs a groupId");
        }
        PollLimits limits = PollLimits.of(config);
        RetryTopics retryTopics = spec.retryTopics();
        FailureRouter router = router(name, bean, spec, retryTopics, bootstrap);
        List<TypedRecordReader> readers = typed ? readers(name, bean, spec, config) : List.of();
        List<RecordRouter> recordRouters = routes != null
                ? perLoop(name, spec, () -> RecordRouter.create(routes, spec, bean.getClassLoader(), config)) : List.of();
        DeadLetters deadLetters = new DeadLetters(deadLetter, retryTopics);
        ActivationMonitor monitor = new ActivationMonitor(endpoints.getActivationName(),
                bean == null ? null : bean.getName(), spec.groupName(), maxStallMs, System::nanoTime);
        List<EndpointDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < spec.getConcurrency(); i++) {
            TypedRecordReader reader = typed ? readers.get(i) : null;
            RecordRouter recordRouter = routes != null ? recordRouters.get(i) : null;
            DeliveryTransaction transaction = spec.isTransactional() ? new DeliveryTransaction(bootstrap, spec.credentials(),
                    transactionalIdPrefix + "-" + endpoints.getActivationName() + "-" + i) : null;
            deliveries.add(new EndpointDelivery(endpoints, transaction, reader, recordRouter));
        }
        LoopParts parts = new LoopParts(deadLetters, router, retryTopics, monitor);
        List<ActivationConsumer> loops = spec.isShared()
                ? shareLoops(endpoints.getActivationName(), spec, () -> newShareConsumer(config), deliveries, parts,
                        new RedeliveryLimit(() -> deliveryCountLimits.applyAsInt(spec.getShareGroup()),
                                router::retriesInPlace))
                : loops(endpoints.getActivationName(), spec, ordering, () -> newConsumer(config), deliveries, parts, limits);
        InboundActivation activation = new InboundActivation(name, List.copyOf(loops), monitor);
        try {
            for (ActivationConsumer loop : loops) {
                for (Work work : loop.works()) workManager.scheduleWork(work);
            }
        } catch (WorkException e) {
            loops.forEach(ActivationConsumer::release);
            throw new ResourceException("No thread for the consumers of " + name + ": " + e.getMessage(), e);
        }
        LOG.info(() -> "Partita consumers started for " + name);
        return activation;
    }

    /** Ends every poll loop and waits until their consumers have left the group. */
    public void stop() {
        loops.forEach(ActivationConsumer::release);
        try {
            for (ActivationConsumer loop : loops) {
                if (!loop.awaitEnd(STOP_TIMEOUT)) {
                    LOG.warning(() -> "A consumer of " + name + " did not stop within " + STOP_TIMEOUT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Interrupted while stopping the consumers of " + name, e);
        }
        LOG.info(() -> "Partita consumers stopped for " + name);
    }

    /** Its readiness and what its consumers have done. */
    public ActivationMonitor monitor() {
        return monitor;
    }

    /** What every consumer of the activation shares: where failed records go, and its monitor. */
    private record LoopParts(DeadLetters deadLetters, FailureRouter router, RetryTopics retryTopics,
                             ActivationMonitor monitor) {

        /** A gate of its own for each consumer, which it pauses and rewinds. */
        RetryTopicGate gate(PartitaActivationSpec spec) {
            return new RetryTopicGate(retryTopics, spec.getGroupId(), System::currentTimeMillis);
        }
    }

    /**
     * The consumers: one {@link ConsumerLoop} per delivery with {@code ordering=partition}, else one
     * {@link LaneDispatcher} feeding a lane per delivery.
     */
    private static List<ActivationConsumer> loops(String activationName, PartitaActivationSpec spec, Ordering ordering,
                                                  Supplier<Consumer<byte[], byte[]>> consumers,
                                                  List<EndpointDelivery> deliveries, LoopParts parts, PollLimits limits) {
        if (ordering != Ordering.PARTITION) {
            return List.of(new LaneDispatcher(activationName + "#0", spec, consumers, deliveries, parts.deadLetters(),
                    parts.router(), parts.gate(spec), parts.monitor().consumer("consumer #0"), ordering, limits));
        }
        List<ActivationConsumer> loops = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            loops.add(new ConsumerLoop(activationName + "#" + i, spec, consumers, deliveries.get(i), parts.deadLetters(),
                    parts.router(), parts.gate(spec), parts.monitor().consumer("consumer #" + i)));
        }
        return loops;
    }

    /** The share consumers: one {@link ShareLoop} per delivery. */
    private static List<ActivationConsumer> shareLoops(String activationName, PartitaActivationSpec spec,
                                                       Supplier<ShareConsumer<byte[], byte[]>> consumers,
                                                       List<EndpointDelivery> deliveries, LoopParts parts,
                                                       RedeliveryLimit limit) {
        List<ActivationConsumer> loops = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            loops.add(new ShareLoop(activationName + "#" + i, spec, consumers, deliveries.get(i), limit,
                    parts.deadLetters(), parts.monitor().consumer("share consumer #" + i)));
        }
        return loops;
    }

    /** The checked routes of a routed bean; subscribes {@code spec} to their topics when it names none. */
    private static RecordRoutes routes(String activation, Class<?> bean, PartitaActivationSpec spec) throws ResourceException {
        try {
            RecordRoutes routes = RecordRoutes.of(bean, spec);
            routes.subscribeByDefault(spec);
            return routes;
        } catch (IllegalArgumentException e) {
            throw new ResourceException(activation + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a transactional activation of a bean whose listener methods the container calls without a transaction. */
    private static void requireTransactedDelivery(String name, MessageEndpointFactory endpoints, RecordRoutes routes)
            throws ResourceException {
        List<String> untransacted;
        try {
            untransacted = routes != null ? routes.untransacted(endpoints)
                    : isDeliveryTransacted(endpoints) ? List.of() : List.of("the listener method");
        } catch (NoSuchMethodException e) {
            throw new ResourceException(name + ": the container does not know a listener method: " + e.getMessage(), e);
        }
        if (!untransacted.isEmpty()) {
            throw new ResourceException(name + ": transactional=true needs a container-managed transaction "
                    + "(@TransactionAttribute(REQUIRED), the default) on " + String.join(", ", untransacted));
        }
    }

    /** Whether the container runs the bean's listener method in a transaction it starts (and enlists us in). */
    private static boolean isDeliveryTransacted(MessageEndpointFactory endpoints) throws ResourceException {
        try {
            List<Method> listenerMethods = List.of(
                    RecordListener.class.getMethod("onRecord", ConsumerRecord.class),
                    BatchRecordListener.class.getMethod("onRecords", List.class),
                    TypedRecordListener.class.getMethod("onRecord", Object.class, RecordContext.class),
                    TypedBatchRecordListener.class.getMethod("onRecords", List.class));
            for (Method method : listenerMethods) {
                try {
                    if (endpoints.isDeliveryTransacted(method)) return true;
                } catch (NoSuchMethodException e) {
                    // the bean implements another listener interface
                }
            }
            return false;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean takesBatches(Class<?> bean) {
        return batchListenerOf(bean) != null;
    }

    /** The batch listener interface the bean implements, by its simple name; null for none. */
    private static String batchListenerOf(Class<?> bean) {
        if (bean == null) return null;
        return Stream.of(BatchRecordListener.class, TypedBatchRecordListener.class)
                .filter(listener -> listener.isAssignableFrom(bean)).map(Class::getSimpleName).findFirst().orElse(null);
    }

    /**
     * Where the bean's failed records go, its {@code notRetryable} classes loaded through its class loader; creates
     * the missing retry topics, so that the consumers find them to subscribe to.
     */
    private static FailureRouter router(String name, Class<?> bean, PartitaActivationSpec spec, RetryTopics retryTopics,
                                        String bootstrap) throws ResourceException {
        if (retryTopics.stages() > 0 && takesBatches(bean)) {
            throw new ResourceException(name + ": retryTopics applies to a " + RecordListener.class.getSimpleName()
                    + " or " + TypedRecordListener.class.getSimpleName() + ", not to a "
                    + batchListenerOf(bean) + ": a batch cannot wait for its retried records");
        }
        ClassLoader loader = bean == null ? Thread.currentThread().getContextClassLoader() : bean.getClassLoader();
        try {
            NotRetryableExceptions notRetryable = NotRetryableExceptions.load(spec.notRetryableClasses(), loader);
            MissingTopics.create(retryTopics.names(), bootstrap, spec.credentials());
            return new FailureRouter(retryTopics, notRetryable, spec.getDeadLetterTopic(), spec.getRetryAttempts(),
                    System::currentTimeMillis);
        } catch (ResourceException e) {
            throw new ResourceException(name + ": " + e.getMessage(), e);
        }
    }

    /** One reader per bean instance of a typed bean; none left open when one cannot be made. */
    private static List<TypedRecordReader> readers(String name, Class<?> bean, PartitaActivationSpec spec,
                                                   Map<String, Object> config) throws ResourceException {
        ListenerTypes types = ListenerTypes.of(bean);
        return perLoop(name, spec, () -> TypedRecordReader.create(types, spec, bean.getClassLoader(), config));
    }

    /** Makes what each bean instance's delivery owns. */
    @FunctionalInterface
    private interface LoopPart<T extends AutoCloseable> {
        T make() throws InvalidPropertyException;
    }

    /** One part per bean instance ({@code concurrency}); none left open when one cannot be made. */
    private static <T extends AutoCloseable> List<T> perLoop(String name, PartitaActivationSpec spec, LoopPart<T> part)
            throws ResourceException {
        List<T> parts = new ArrayList<>();
        try {
            for (int i = 0; i < spec.getConcurrency(); i++) parts.add(part.make());
            return parts;
        } catch (InvalidPropertyException | RuntimeException e) {
            parts.forEach(made -> Utils.closeQuietly(made, name));
            throw new ResourceException(name + ": " + e.getMessage(), e);
        }
    }

    private static Consumer<byte[], byte[]> newConsumer(Map<String, Object> config) {
        return AdapterClassLoader.call(
                () -> new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    private static ShareConsumer<byte[], byte[]> newShareConsumer(Map<String, Object> config) {
        return AdapterClassLoader.call(
                () -> new KafkaShareConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }
}
