package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka 4.4's own {@link KafkaShareConsumer} against a node: two consumers of one share group on a two-partition
 * topic get every record once between them (implicit acknowledgement), and a record one consumer releases is
 * delivered again with its delivery count raised; a group's configs decide where it starts, how long it locks and
 * whether it reads uncommitted records.
 */
@ExtendWith(BrokerExtension.class)
class ShareConsumerTest {

    private final TestClients broker;

    ShareConsumerTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void twoShareConsumersGetEveryRecordOnceBetweenThemAndAReleasedRecordComesBack() throws Exception {
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "shared", 2);
        }
        String group = Topics.uniqueName("share-group");
        Map<String, Integer> received = new ConcurrentHashMap<>();
        Map<String, Integer> deliveryCounts = new ConcurrentHashMap<>();
        Set<String> consumersThatReceived = ConcurrentHashMap.newKeySet();
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            String name = "consumer-" + c;
            Thread thread = new Thread(() -> {
                try (KafkaShareConsumer<String, String> consumer = broker.shareConsumer(new StringDeserializer(),
                        new StringDeserializer(), Map.of("group.id", group, "share.acknowledgement.mode", "explicit"))) {
                    consumer.subscribe(List.of(topic));
                    while (!stop.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            // The first delivery of "release-me" is released, once, by whoever gets it.
                            if (record.value().equals("release-me") && released.compareAndSet(false, true)) {
                                consumer.acknowledge(record, AcknowledgeType.RELEASE);
                                continue;
                            }
                            consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                            received.merge(record.value(), 1, Integer::sum);
                            record.deliveryCount().ifPresent(n -> deliveryCounts.put(record.value(), (int) n));
                            consumersThatReceived.add(name);
                        }
                        consumer.commitSync();
                    }
                }
            }, name);
            threads.add(thread);
            thread.start();
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            // Each partition's share state starts at its end when the group first fetches it (latest): send
            // warm-up records until both have been fetched, so that every record after them counts.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                for (int p = 0; p < 2; p++) producer.send(new ProducerRecord<>(topic, p, null, ("warm-up-" + p).getBytes(UTF_8)));
                producer.flush();
                return received.containsKey("warm-up-0") && received.containsKey("warm-up-1");
            });
            for (int i = 0; i < 2000; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, ("record-" + i).getBytes(UTF_8)));
            }
            producer.send(new ProducerRecord<>(topic, 0, null, "release-me".getBytes(UTF_8)));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (int i = 0; i < 2000; i++) assertThat(received).containsKey("record-" + i);
                assertThat(received).containsKey("release-me");
            });
        } finally {
            stop.set(true);
            for (Thread thread : threads) thread.join(30_000);
        }
        for (int i = 0; i < 2000; i++) assertThat(received.get("record-" + i)).as("record-" + i).isEqualTo(1);
        assertThat(deliveryCounts.get("release-me")).as("delivery count of the released record").isEqualTo(2);
        assertThat(deliveryCounts.get("record-0")).isEqualTo(1);
        assertThat(consumersThatReceived).containsExactlyInAnyOrder("consumer-0", "consumer-1");
    }

    @Test
    void aGroupSetToEarliestReadsRecordsWrittenBeforeItJoinedWithItsOwnLockDuration() throws Exception {
        String group = Topics.uniqueName("earliest-group");
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "before-joining", 1);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "20000"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < 5; i++) producer.send(new ProducerRecord<>(topic, ("before-" + i).getBytes(UTF_8)));
        }
        List<String> received = new ArrayList<>();
        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
                return received.size() >= 5;
            });
            assertThat(consumer.acquisitionLockTimeoutMs()).contains(20_000);
        }
        assertThat(received).containsExactly("before-0", "before-1", "before-2", "before-3", "before-4");
    }

    @Test
    void aReadCommittedGroupGetsCommittedRecordsOnlyAndNothingOfAnOpenTransactionUntilItCommits() throws Exception {
        String topic;
        String committedGroup = Topics.uniqueName("read-committed");
        String uncommittedGroup = Topics.uniqueName("read-uncommitted");
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "transactional", 1);
            for (String group : List.of(committedGroup, uncommittedGroup)) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                        new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                        new AlterConfigOp(new ConfigEntry("share.isolation.level",
                                group.equals(committedGroup) ? "read_committed" : "read_uncommitted"), AlterConfigOp.OpType.SET))))
                        .all().get();
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of("transactional.id", Topics.uniqueName("tx")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed".getBytes(UTF_8)));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted".getBytes(UTF_8)));
            // Unflushed sends would be dropped by the abort instead of written and aborted.
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "open".getBytes(UTF_8)));
            producer.flush();

            List<String> committed = new ArrayList<>();
            List<String> uncommitted = new ArrayList<>();
            try (KafkaShareConsumer<String, String> readCommitted = shareConsumer(committedGroup);
                 KafkaShareConsumer<String, String> readUncommitted = shareConsumer(uncommittedGroup)) {
                readCommitted.subscribe(List.of(topic));
                readUncommitted.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    readCommitted.poll(Duration.ofMillis(100)).forEach(record -> committed.add(record.value()));
                    readUncommitted.poll(Duration.ofMillis(100)).forEach(record -> uncommitted.add(record.value()));
                    return committed.contains("committed") && uncommitted.contains("open");
                });
                assertThat(uncommitted).containsExactly("committed", "aborted", "open");

                producer.commitTransaction();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    readCommitted.poll(Duration.ofMillis(100)).forEach(record -> committed.add(record.value()));
                    return committed.contains("open");
                });
                assertThat(committed).containsExactly("committed", "open");
            }
        }
    }

    private KafkaShareConsumer<String, String> shareConsumer(String group) {
        return broker.shareConsumer(new StringDeserializer(), new StringDeserializer(), Map.of("group.id", group));
    }
}
