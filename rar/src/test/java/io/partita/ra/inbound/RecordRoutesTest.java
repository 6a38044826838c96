package io.partita.ra.inbound;

import io.partita.ra.api.OnRecord;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.RecordListener;
import io.partita.ra.api.RoutedRecordListener;
import io.partita.ra.api.TypeAlias;
import io.partita.ra.api.ValueTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a routed bean's methods are resolved and checked at activation, and which method takes which record. */
class RecordRoutesTest {

    public record Order(String item, int quantity) {
    }

    public record Return(String item) {
    }

    public record OrderCreated(String id) {
    }

    @TypeAlias("order-cancelled")
    public record OrderCancelled(String id) {
    }

    /** Shares its simple name with {@link Order}. */
    public static class Elsewhere {
        public record Order(String id) {
        }
    }

    public static class Shop implements RoutedRecordListener {
        @OnRecord(topics = "orders")
        public void order(Order order, RecordContext<String> context) {
        }

        @OnRecord(topics = {"returns", " "})
        public void returned(Return returned) {
        }

        @OnRecord(topicPattern = "audit\\..*")
        public void audit(ConsumerRecord<byte[], byte[]> record) {
        }
    }

    public static class Events implements RoutedRecordListener {
        @OnRecord(topics = "events")
        public void created(OrderCreated created) {
        }

        @OnRecord(topics = "events")
        public void cancelled(OrderCancelled cancelled, RecordContext<String> context) {
        }
    }

    public static class EventsWithFallback extends Events {
        @OnRecord(topics = "events")
        public void other(ConsumerRecord<?, ?> record) {
        }
    }

    /** Has no marker interface: its annotations make it routed. */
    public static class TwoTopics {
        @OnRecord(topics = "orders")
        public void order(Order order) {
        }

        @OnRecord(topics = {"returns", "orders.returned"})
        public void returned(Return returned) {
        }
    }

    public static class TakesAll implements RoutedRecordListener {
        @OnRecord
        public void any(byte[] value) {
        }
    }

    @Test
    void eachTopicGoesToItsMethodAndTheBeanSubscribesToWhatItsMethodsTake() {
        PartitaActivationSpec spec = spec(null, null);
        RecordRoutes routes = RecordRoutes.of(Shop.class, spec);
        routes.subscribeByDefault(spec);

        assertThat(routes.methods()).extracting(RecordMethod::toString)
                .containsExactly("Shop.audit(ConsumerRecord)", "Shop.order(Order, RecordContext)", "Shop.returned(Return)");
        assertThat(method(routes, record("orders", null))).isEqualTo("order");
        assertThat(method(routes, record("returns", "Order"))).as("a topic's only method takes every record").isEqualTo("returned");
        assertThat(method(routes, record("audit.eu", null))).isEqualTo("audit");
        assertThat(spec.getTopics()).isNull();
        Pattern subscribed = spec.pattern();
        assertThat(List.of("orders", "returns", "audit.eu", "audit.")).allMatch(t -> subscribed.matcher(t).matches());
        assertThat(List.of("ordersx", "returns2", "audit", "xaudit.eu")).noneMatch(t -> subscribed.matcher(t).matches());
        assertThatThrownBy(() -> routes.forTopic("invoices").methodFor(record("invoices", null)))
                .isInstanceOf(NoMatchingMethodException.class).hasMessage("no @OnRecord method takes topic invoices");
    }

    @Test
    void methodsNamingTopicsOnlyMakeATopicListAndNeedNoMarkerInterface() {
        PartitaActivationSpec spec = spec(null, null);
        assertThat(RecordRoutes.isRouted(TwoTopics.class)).isTrue();
        assertThat(RecordRoutes.isRouted(Shop.class)).isTrue();
        assertThat(RecordRoutes.isRouted(Order.class)).isFalse();

        RecordRoutes.of(TwoTopics.class, spec).subscribeByDefault(spec);

        assertThat(spec.topicList()).containsExactly("orders", "orders.returned", "returns");
        assertThat(spec.getTopicPattern()).isNull();
    }

    @Test
    void theTypeHeaderPicksAmongTheMethodsOfOneTopic() {
        RecordRoutes routes = RecordRoutes.of(Events.class, spec("events", null));

        assertThat(method(routes, record("events", "OrderCreated"))).isEqualTo("created");
        assertThat(method(routes, record("events", "order-cancelled"))).as("by its alias").isEqualTo("cancelled");
        assertThatThrownBy(() -> method(routes, record("events", "OrderCancelled")))
                .isInstanceOf(NoMatchingMethodException.class)
                .hasMessage("no @OnRecord method takes type OrderCancelled of topic events; its methods take types "
                        + "[OrderCreated, order-cancelled]");
        assertThatThrownBy(() -> method(routes, record("events", null))).isInstanceOf(NoMatchingMethodException.class)
                .hasMessageStartingWith("the record names no type (header partita.value.type) of topic events");

        RecordRoutes withFallback = RecordRoutes.of(EventsWithFallback.class, spec("events", null));
        assertThat(method(withFallback, record("events", "Refund"))).isEqualTo("other");
        assertThat(method(withFallback, record("events", null))).isEqualTo("other");
        assertThat(method(withFallback, record("events", "OrderCreated"))).isEqualTo("created");
    }

    public static class Doubled implements RoutedRecordListener {
        @OnRecord(topics = {"orders", "returns"})
        public void first(Order order) {
        }

        @OnRecord(topicPattern = "ret.*")
        public void second(Order order, RecordContext<String> context) {
        }
    }

    public static class SameSimpleName implements RoutedRecordListener {
        @OnRecord(topics = "orders")
        public void ours(Order order) {
        }

        @OnRecord
        public void theirs(Elsewhere.Order order) {
        }
    }

    public static class TwoPatterns implements RoutedRecordListener {
        @OnRecord(topicPattern = "eu\\..*")
        public void europe(Order order) {
        }

        @OnRecord(topicPattern = "us\\..*")
        public void america(Order order) {
        }
    }

    public static class TwoRecordMethods implements RoutedRecordListener {
        @OnRecord(topics = "orders")
        public void one(ConsumerRecord<byte[], byte[]> record) {
        }

        @OnRecord(topics = "orders")
        public void two(ConsumerRecord<byte[], byte[]> record) {
        }
    }

    @Test
    void twoMethodsThatMayTakeTheSameRecordsAreRefusedNamingBoth() {
        assertThatThrownBy(() -> RecordRoutes.of(Doubled.class, spec(null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Doubled.class.getName() + ": Doubled.first(Order) and Doubled.second(Order, RecordContext) "
                        + "both take values of type Order from topics [orders, returns] and topicPattern ret.* "
                        + "respectively, so a record of a topic both take would have two methods: give them topics of "
                        + "their own or different value types (@TypeAlias names one of two classes of one simple name)");
        assertThatThrownBy(() -> RecordRoutes.of(SameSimpleName.class, spec("orders", null)))
                .hasMessageContaining("SameSimpleName.ours(Order) and SameSimpleName.theirs(Order) both take values of type Order");
        assertThatThrownBy(() -> RecordRoutes.of(TwoRecordMethods.class, spec(null, null)))
                .hasMessageContaining("TwoRecordMethods.one(ConsumerRecord) and TwoRecordMethods.two(ConsumerRecord) "
                        + "both take ConsumerRecords");
        // Which topics two patterns share is known only from a list of topics: by pattern, they are taken to share.
        assertThatThrownBy(() -> RecordRoutes.of(TwoPatterns.class, spec(null, "(eu|us)\\..*")))
                .hasMessageContaining("both take values of type Order");
        assertThat(RecordRoutes.of(TwoPatterns.class, spec("eu.orders,us.orders", null)).methods()).hasSize(2);
    }

    public static class NoParameters implements RoutedRecordListener {
        @OnRecord
        public void none() {
        }
    }

    public static class ContextFirst implements RoutedRecordListener {
        @OnRecord
        public void swapped(RecordContext<String> context, Order order) {
        }
    }

    public static class SecondNotContext implements RoutedRecordListener {
        @OnRecord
        public void keyed(Order order, String key) {
        }
    }

    public static class Primitive implements RoutedRecordListener {
        @OnRecord
        public void count(int count) {
        }
    }

    public static class TypedRecord implements RoutedRecordListener {
        @OnRecord
        public void raw(ConsumerRecord<String, String> record) {
        }
    }

    public static class RecordAndContext implements RoutedRecordListener {
        @OnRecord
        public void both(ConsumerRecord<byte[], byte[]> record, RecordContext<String> context) {
        }
    }

    public static class Generic implements RoutedRecordListener {
        @OnRecord
        public <T> void anything(T value) {
        }
    }

    public static class Hidden implements RoutedRecordListener {
        @OnRecord
        void order(Order order) {
        }
    }

    public static class Static implements RoutedRecordListener {
        @OnRecord
        public static void order(Order order) {
        }
    }

    public static class BadPattern implements RoutedRecordListener {
        @OnRecord(topicPattern = "(")
        public void order(Order order) {
        }
    }

    public static class Unannotated implements RoutedRecordListener {
        public void order(Order order) {
        }
    }

    public static class AlsoRecordListener implements RecordListener {
        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        }

        @OnRecord
        public void order(Order order) {
        }
    }

    @Test
    void aMethodWithParametersTheAdapterCannotGiveIsRefusedSayingWhy() {
        String parameters = "unsupported parameters: take (V value), (V value, RecordContext<K> context) or "
                + "(ConsumerRecord<byte[], byte[]> record)";
        assertThatThrownBy(() -> RecordRoutes.of(NoParameters.class, spec("t", null)))
                .hasMessage(NoParameters.class.getName() + ": NoParameters.none(): " + parameters);
        assertThatThrownBy(() -> RecordRoutes.of(ContextFirst.class, spec("t", null)))
                .hasMessageEndingWith("ContextFirst.swapped(RecordContext, Order): " + parameters);
        assertThatThrownBy(() -> RecordRoutes.of(SecondNotContext.class, spec("t", null)))
                .hasMessageEndingWith("SecondNotContext.keyed(Order, String): " + parameters);
        assertThatThrownBy(() -> RecordRoutes.of(TypedRecord.class, spec("t", null)))
                .hasMessageEndingWith("TypedRecord.raw(ConsumerRecord): " + parameters);
        assertThatThrownBy(() -> RecordRoutes.of(RecordAndContext.class, spec("t", null)))
                .hasMessageEndingWith("RecordAndContext.both(ConsumerRecord, RecordContext): " + parameters);
        assertThatThrownBy(() -> RecordRoutes.of(Primitive.class, spec("t", null)))
                .hasMessageEndingWith("Primitive.count(int): takes the primitive int, which a record without value "
                        + "cannot give: take its wrapper class");
        assertThatThrownBy(() -> RecordRoutes.of(Generic.class, spec("t", null)))
                .hasMessageEndingWith("Generic.anything(Object): does not say what its values are: declare the value type");
        assertThatThrownBy(() -> RecordRoutes.of(Hidden.class, spec("t", null)))
                .hasMessageEndingWith("order is annotated @OnRecord but not public: the container delivers to public methods only");
        assertThatThrownBy(() -> RecordRoutes.of(Static.class, spec("t", null)))
                .hasMessageEndingWith("Static.order(Order): must not be static");
        assertThatThrownBy(() -> RecordRoutes.of(BadPattern.class, spec("t", null)))
                .hasMessageContaining("BadPattern.order(Order): its topicPattern is no regular expression: ");
        assertThatThrownBy(() -> RecordRoutes.of(Unannotated.class, spec("t", null)))
                .hasMessage(Unannotated.class.getName() + ": has no @OnRecord method");
        assertThatThrownBy(() -> RecordRoutes.of(AlsoRecordListener.class, spec("t", null)))
                .hasMessageEndingWith("@OnRecord methods are for a RoutedRecordListener bean, not one implementing RecordListener");
    }

    @Test
    void methodsMustTakeTheActivationsTopicsAndNothingElse() {
        assertThatThrownBy(() -> RecordRoutes.of(TwoTopics.class, spec("orders,returns", null)))
                .hasMessageEndingWith("TwoTopics.returned(Return) takes topic orders.returned, which the activation's "
                        + "topics [orders, returns] do not include");
        assertThatThrownBy(() -> RecordRoutes.of(TwoTopics.class, spec("orders,returns,orders.returned,invoices", null)))
                .hasMessageEndingWith("no @OnRecord method takes topic invoices of the activation's topics");
        assertThatThrownBy(() -> RecordRoutes.of(TwoTopics.class, spec(null, "orders.*")))
                .hasMessageEndingWith("TwoTopics.returned(Return) takes topic returns, which the activation's "
                        + "topicPattern orders.* does not match");
        assertThatThrownBy(() -> RecordRoutes.of(Shop.class, spec("orders,returns", null)))
                .hasMessageEndingWith("Shop.audit(ConsumerRecord) has a topicPattern matching none of the activation's "
                        + "topics [orders, returns]");
        PartitaActivationSpec unsubscribed = spec(null, null);
        RecordRoutes takesAll = RecordRoutes.of(TakesAll.class, unsubscribed);
        assertThatThrownBy(() -> takesAll.subscribeByDefault(unsubscribed))
                .hasMessage("TakesAll.any(byte[]) takes every topic of the activation, which names none: set topics "
                        + "or topicPattern, or name its topics");

        PartitaActivationSpec subscribed = spec("a,b", null);
        RecordRoutes.of(TakesAll.class, subscribed).subscribeByDefault(subscribed);
        assertThat(subscribed.topicList()).as("left as it was").containsExactly("a", "b");
    }

    private static String method(RecordRoutes routes, ConsumerRecord<byte[], byte[]> record) {
        return routes.forTopic(record.topic()).methodFor(record).method().getName();
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String type) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 0, 0, null, new byte[0]);
        if (type != null) record.headers().add(ValueTypes.HEADER, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static PartitaActivationSpec spec(String topics, String pattern) {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics(topics);
        spec.setTopicPattern(pattern);
        spec.setGroupId("shop");
        return spec;
    }
}
