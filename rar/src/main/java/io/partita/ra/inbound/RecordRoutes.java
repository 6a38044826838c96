package io.partita.ra.inbound;

import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.OnRecord;
import io.partita.ra.api.RecordListener;
import io.partita.ra.api.RoutedRecordListener;
import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecordListener;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@link OnRecord} methods of a {@link RoutedRecordListener} bean, resolved and checked once per activation:
 * every method is fit ({@link RecordMethod}), no two methods may take the same records (the same value type, or
 * both the {@code ConsumerRecord}, on a topic both may take), each method's topics lie within the activation's
 * {@code topics} / {@code topicPattern} and each of its {@code topics} has a method. Without either property the
 * activation subscribes to the methods' topics (and their retry topics). Which methods take a topic is then found per
 * topic ({@link #forTopic}), never per record.
 *
 * <p>Immutable; shared by the activation's consumer loops.
 */
final class RecordRoutes {

    private static final List<Class<?>> OTHER_LISTENERS =
            List.of(RecordListener.class, BatchRecordListener.class, TypedRecordListener.class,
                    TypedBatchRecordListener.class);

    private final List<RecordMethod> methods;

    private RecordRoutes(List<RecordMethod> methods) {
        this.methods = methods;
    }

    /** True when {@code bean} listens with {@link RoutedRecordListener}, or has {@link OnRecord} methods. */
    static boolean isRouted(Class<?> bean) {
        return bean != null && (RoutedRecordListener.class.isAssignableFrom(bean) || !declaredOnRecord(bean).isEmpty());
    }

    /**
     * Resolves and checks the methods of {@code bean} against the subscription of {@code spec}.
     *
     * @throws IllegalArgumentException naming the bean and the methods at fault
     */
    static RecordRoutes of(Class<?> bean, PartitaActivationSpec spec) {
        try {
            return checked(bean, spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(bean.getName() + ": " + e.getMessage(), e);
        }
    }

    private static RecordRoutes checked(Class<?> bean, PartitaActivationSpec spec) {
        for (Class<?> other : OTHER_LISTENERS) {
            if (other.isAssignableFrom(bean)) {
                throw new IllegalArgumentException("@OnRecord methods are for a " + RoutedRecordListener.class.getSimpleName()
                        + " bean, not one implementing " + other.getSimpleName());
            }
        }
        List<Method> annotated = annotated(bean);
        if (annotated.isEmpty()) throw new IllegalArgumentException("has no @OnRecord method");
        List<RecordMethod> methods = new ArrayList<>();
        for (Method method : annotated) methods.add(RecordMethod.of(method));
        List<String> topics = spec.topicList();
        Pattern pattern = spec.namesTopics() && topics == null ? spec.pattern() : null;
        for (RecordMethod method : methods) requireWithin(method, topics, pattern);
        if (topics != null) {
            for (String topic : topics) {
                if (methods.stream().noneMatch(m -> m.topics().matches(topic))) {
                    throw new IllegalArgumentException("no @OnRecord method takes topic " + topic
                            + " of the activation's topics");
                }
            }
        }
        requireUnambiguous(methods, topics);
        return new RecordRoutes(List.copyOf(methods));
    }

    /** Its methods, in the order of their signatures. */
    List<RecordMethod> methods() {
        return methods;
    }

    /** The methods taking the records of {@code topic}. */
    TopicRoutes forTopic(String topic) {
        return TopicRoutes.of(topic, methods.stream().filter(m -> m.topics().matches(topic)).toList());
    }

    /**
     * Subscribes {@code spec} to the methods' topics when it names none: by {@code topics} when every method names
     * topics only (so {@code retryTopics} has its source topics), else by a {@code topicPattern} matching what each
     * method takes.
     *
     * @throws IllegalArgumentException when a method takes every topic, so that the methods name no subscription, or
     *                                  when {@code retryTopics} is set and a method takes topics by pattern, which
     *                                  names no topic to derive retry topics from
     */
    void subscribeByDefault(PartitaActivationSpec spec) {
        if (spec.namesTopics()) return;
        List<RecordMethod> open = methods.stream().filter(m -> m.topics().takesAny()).toList();
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(open.get(0) + " takes every topic of the activation, which names none: "
                    + "set topics or topicPattern, or name its topics");
        }
        List<RecordMethod> patterned = methods.stream().filter(m -> m.topics().pattern() != null).toList();
        if (patterned.isEmpty()) {
            spec.setTopics(methods.stream().flatMap(m -> m.topics().topics().stream()).distinct().sorted()
                    .collect(Collectors.joining(",")));
        } else if (spec.hasRetryTopics()) {
            RecordMethod first = patterned.get(0);
            throw new IllegalArgumentException(first + " takes topicPattern " + first.topics().pattern().pattern()
                    + ", which names no topic to derive retry topics from: with retryTopics set topics, or name the "
                    + "topics of every @OnRecord method");
        } else {
            spec.setTopicPattern(methods.stream().map(m -> m.topics().regex()).collect(Collectors.joining("|")));
        }
    }

    /** The methods the container would call without a transaction of its own, as {@link RecordMethod#toString()}s. */
    List<String> untransacted(MessageEndpointFactory endpoints) throws NoSuchMethodException {
        List<String> untransacted = new ArrayList<>();
        for (RecordMethod method : methods) {
            if (!endpoints.isDeliveryTransacted(method.method())) untransacted.add(method.toString());
        }
        return untransacted;
    }

    private static void requireWithin(RecordMethod method, List<String> topics, Pattern pattern) {
        TopicFilter filter = method.topics();
        for (String topic : filter.topics()) {
            if (topics != null && !topics.contains(topic) || pattern != null && !pattern.matcher(topic).matches()) {
                throw new IllegalArgumentException(method + " takes topic " + topic + ", which the activation's " + (topics != null
                        ? "topics " + topics + " do not include" : "topicPattern " + pattern.pattern() + " does not match"));
            }
        }
        if (filter.pattern() != null && topics != null && topics.stream().noneMatch(filter::matches)) {
            throw new IllegalArgumentException(method + " has a topicPattern matching none of the activation's topics "
                    + topics);
        }
    }

    private static void requireUnambiguous(List<RecordMethod> methods, List<String> topics) {
        for (int i = 0; i < methods.size(); i++) {
            for (int j = i + 1; j < methods.size(); j++) {
                RecordMethod a = methods.get(i);
                RecordMethod b = methods.get(j);
                if (Objects.equals(a.typeName(), b.typeName()) && a.topics().mayShareTopicWith(b.topics(), topics)) {
                    throw new IllegalArgumentException(a + " and " + b + " both take "
                            + (a.typeName() == null ? "ConsumerRecords" : "values of type " + a.typeName())
                            + " from " + a.topics() + " and " + b.topics() + " respectively, so a record of a topic both "
                            + "take would have two methods: give them topics of their own or different value types "
                            + "(@TypeAlias names one of two classes of one simple name)");
                }
            }
        }
    }

    /**
     * The public {@link OnRecord} methods of {@code bean}, those the container delivers to, ordered by signature.
     *
     * @throws IllegalArgumentException when one is not public (the container would never call it)
     */
    private static List<Method> annotated(Class<?> bean) {
        for (Method method : declaredOnRecord(bean)) {
            if (!Modifier.isPublic(method.getModifiers())) {
                throw new IllegalArgumentException(method.getName() + " is annotated @OnRecord but not public: "
                        + "the container delivers to public methods only");
            }
        }
        return Arrays.stream(bean.getMethods()).filter(m -> !m.isBridge() && m.isAnnotationPresent(OnRecord.class))
                .sorted(Comparator.comparing(Method::toGenericString)).toList();
    }

    /** The methods annotated {@link OnRecord} that {@code bean} and its superclasses declare, whatever their access. */
    private static List<Method> declaredOnRecord(Class<?> bean) {
        List<Method> annotated = new ArrayList<>();
        for (Class<?> type = bean; type != null && type != Object.class; type = type.getSuperclass()) {
            Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(OnRecord.class)).forEach(annotated::add);
        }
        return annotated;
    }
}
