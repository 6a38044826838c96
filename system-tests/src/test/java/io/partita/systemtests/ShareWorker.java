package io.partita.systemtests;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One Kafka {@link KafkaShareConsumer} of a share group on a thread of its own, as an application runs it with
 * explicit acknowledgement: it polls, acknowledges each record as its policy says, and commits after every poll with
 * {@code commitSync()}, telling a {@link ShareLedger} what it got and which acknowledgements the broker confirmed.
 * Failing polls and commits are counted there and the loop goes on (a consumer rides out a leader change). Its client
 * id is its name.
 */
final class ShareWorker implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final String bootstrapServers;
    private final String group;
    private final String topic;
    private final Function<ConsumerRecord<String, String>, AcknowledgeType> policy;
    private final ShareLedger ledger;
    private final Thread thread;
    private volatile boolean running = true;

    private ShareWorker(String name, String bootstrapServers, String group, String topic,
                        Function<ConsumerRecord<String, String>, AcknowledgeType> policy, ShareLedger ledger) {
        this.name = name;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.topic = topic;
        this.policy = policy;
        this.ledger = ledger;
        this.thread = new Thread(this::run, name);
    }

    /** Starts a consumer named {@code name} in {@code group} on {@code topic}. */
    static ShareWorker start(String name, String bootstrapServers, String group, String topic,
                             Function<ConsumerRecord<String, String>, AcknowledgeType> policy, ShareLedger ledger) {
        ShareWorker worker = new ShareWorker(name, bootstrapServers, group, topic, policy, ledger);
        worker.thread.start();
        return worker;
    }

    /** A share consumer's settings with explicit acknowledgement; the client id names it in the group's description. */
    static Map<String, Object> config(String name, String bootstrapServers, String group) {
        return Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", group,
                "client.id", name,
                "share.acknowledgement.mode", "explicit",
                // A commit to a leader that just died gives up within this, rather than Kafka's minute.
                "default.api.timeout.ms", 15_000,
                "request.timeout.ms", 10_000);
    }

    /** A consumer of those settings with string keys and values, for a test that drives it itself. */
    static KafkaShareConsumer<String, String> consumer(String name, String bootstrapServers, String group) {
        return new KafkaShareConsumer<>(config(name, bootstrapServers, group), new StringDeserializer(), new StringDeserializer());
    }

    String name() {
        return name;
    }

    private void run() {
        try (KafkaShareConsumer<String, String> consumer = consumer(name, bootstrapServers, group)) {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, String> records;
                try {
                    records = consumer.poll(POLL);
                } catch (KafkaException e) {
                    ledger.failed(name, "poll", e);
                    continue;
                }
                if (!records.isEmpty()) acknowledgeAndCommit(consumer, records);
            }
        } catch (RuntimeException e) {
            ledger.failed(name, "consumer", e);
        }
    }

    private void acknowledgeAndCommit(KafkaShareConsumer<String, String> consumer, ConsumerRecords<String, String> records) {
        long polledAt = System.nanoTime();
        List<ShareLedger.Delivery> acknowledged = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            AcknowledgeType type = policy.apply(record);
            consumer.acknowledge(record, type);
            ShareLedger.Delivery delivery = ShareLedger.Delivery.of(name, record, type, polledAt);
            ledger.delivered(delivery);
            acknowledged.add(delivery);
        }
        Map<TopicIdPartition, Optional<KafkaException>> results;
        try {
            results = consumer.commitSync();
        } catch (KafkaException e) {
            ledger.failed(name, "commitSync", e);
            ledger.unconfirmed(acknowledged);
            return;
        }
        results.forEach((partition, error) -> error.ifPresent(e -> ledger.failed(name, "commit of " + partition, e)));
        Set<Integer> committed = results.entrySet().stream()
                .filter(result -> result.getKey().topic().equals(topic) && result.getValue().isEmpty())
                .map(result -> result.getKey().partition()).collect(Collectors.toSet());
        ledger.confirmed(acknowledged.stream().filter(d -> committed.contains(d.partition())).toList());
        ledger.unconfirmed(acknowledged.stream().filter(d -> !committed.contains(d.partition())).toList());
    }

    /** Stops polling and closes the consumer (its last poll's acknowledgements were committed already). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
