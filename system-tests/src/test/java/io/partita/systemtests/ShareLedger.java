package io.partita.systemtests;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the share consumers of one test got and what the broker confirmed: every delivery (which consumer, which
 * record, its delivery count, how the consumer acknowledged it) and every acknowledgement a {@code commitSync()}
 * reported successful. A record whose acceptance or rejection was confirmed is done: delivering it again is a broker
 * fault, noted at once with both deliveries. Thread-safe.
 */
final class ShareLedger {

    /** One record as a consumer got it from one poll, and how it acknowledged it. */
    record Delivery(String consumer, int partition, long offset, String value, int deliveryCount,
                    AcknowledgeType acknowledgement, long polledAtNanos) {

        static Delivery of(String consumer, ConsumerRecord<String, String> record, AcknowledgeType acknowledgement,
                           long polledAtNanos) {
            return new Delivery(consumer, record.partition(), record.offset(), record.value(),
                    record.deliveryCount().map(Short::intValue).orElse(0), acknowledgement, polledAtNanos);
        }
    }

    /** A delivery of a record after an earlier delivery of it was confirmed done. */
    record Redelivery(Delivery done, Delivery again) {

        @Override
        public String toString() {
            return String.format("%s (partition %d offset %d): %s by %s at delivery %d, delivered again to %s at delivery %d"
                            + " %d ms later", done.value(), done.partition(), done.offset(), done.acknowledgement(),
                    done.consumer(), done.deliveryCount(), again.consumer(), again.deliveryCount(),
                    (again.polledAtNanos() - done.polledAtNanos()) / 1_000_000);
        }
    }

    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final Map<String, Delivery> done = new ConcurrentHashMap<>();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedUnconfirmed = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Redelivery> redeliveries = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

    void delivered(Delivery delivery) {
        deliveries.add(delivery);
        Delivery earlier = done.get(delivery.value());
        if (earlier != null) redeliveries.add(new Redelivery(earlier, delivery));
    }

    /** The broker confirmed these acknowledgements (a {@code commitSync()} reported their partition without error). */
    void confirmed(Collection<Delivery> acknowledged) {
        for (Delivery delivery : acknowledged) {
            if (delivery.acknowledgement() == AcknowledgeType.RELEASE) continue;
            done.putIfAbsent(delivery.value(), delivery);
            if (delivery.acknowledgement() == AcknowledgeType.ACCEPT) accepted.add(delivery.value());
        }
    }

    /**
     * The commit of these acknowledgements failed. Whether they took effect is unknown when the leader died after
     * writing them but before answering: an acceptance among them may be done without a confirmation.
     */
    void unconfirmed(Collection<Delivery> acknowledged) {
        for (Delivery delivery : acknowledged) {
            if (delivery.acknowledgement() == AcknowledgeType.ACCEPT) acceptedUnconfirmed.add(delivery.value());
        }
    }

    /** The values a consumer accepted whose commit failed: done or not, the broker did not say. */
    Set<String> acceptedUnconfirmed() {
        return Set.copyOf(acceptedUnconfirmed);
    }

    /** A poll, commit or the consumer itself failed; counted by consumer, step and exception. */
    void failed(String consumer, String step, Exception error) {
        errors.computeIfAbsent(consumer + " " + step + ": " + error.getClass().getSimpleName(), k -> new AtomicInteger())
                .incrementAndGet();
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** The values whose acceptance was confirmed. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Every delivery of {@code value}, in the order noted. */
    List<Delivery> deliveriesOf(String value) {
        return deliveries.stream().filter(d -> d.value().equals(value)).toList();
    }

    List<Redelivery> redeliveries() {
        return List.copyOf(redeliveries);
    }

    /** How many deliveries each consumer had. */
    Map<String, Long> deliveriesByConsumer() {
        return deliveries.stream().collect(Collectors.groupingBy(Delivery::consumer, TreeMap::new, Collectors.counting()));
    }

    /**
     * The shortest stretch of time in which every one of {@code consumers} got records from a poll: how close to
     * "all at once" they worked. Empty when some never got any.
     */
    Optional<Duration> shortestSpanWithRecordsFor(Collection<String> consumers) {
        List<Delivery> polls = deliveries.stream()
                .filter(d -> consumers.contains(d.consumer()))
                .collect(Collectors.toMap(d -> d.consumer() + "@" + d.polledAtNanos(), d -> d, (a, b) -> a))
                .values().stream().sorted(Comparator.comparingLong(Delivery::polledAtNanos)).toList();
        Map<String, Integer> inSpan = new HashMap<>();
        long shortest = Long.MAX_VALUE;
        int first = 0;
        for (Delivery last : polls) {
            inSpan.merge(last.consumer(), 1, Integer::sum);
            while (inSpan.size() == consumers.size()) {
                Delivery start = polls.get(first++);
                shortest = Math.min(shortest, last.polledAtNanos() - start.polledAtNanos());
                if (inSpan.merge(start.consumer(), -1, Integer::sum) == 0) inSpan.remove(start.consumer());
            }
        }
        return shortest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(shortest));
    }

    /** Deliveries, confirmed acceptances, redeliveries of done records and errors, for the test's output. */
    String summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%d deliveries (%s), %d records accepted, %d redeliveries of records confirmed done",
                deliveries.size(), deliveriesByConsumer(), accepted.size(), redeliveries.size()));
        redeliveries.stream().limit(5).forEach(r -> lines.add("  " + r));
        new TreeMap<>(errors).forEach((what, count) -> lines.add("  " + count + " x " + what));
        return String.join("\n", lines);
    }
}
