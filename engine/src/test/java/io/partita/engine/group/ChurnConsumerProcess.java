package io.partita.engine.group;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One member of the churn test's group, in a JVM of its own so that it can be killed without leaving the group.
 * Processing a record means printing it: after each poll it prints {@code PROCESSED <partition> <first> <last>} for
 * every partition's run of offsets, flushes, and only then commits what it printed (commitSync); it also commits
 * before its partitions are revoked. A commit refused (CommitFailedException and the like) because the group moved on is normal under churn: the
 * partition's next owner processes those records again. Processing costs a fixed time per record, standing for the
 * work a real consumer does, so that a run lasts long enough for members to come and go during it. Arguments:
 * bootstrap servers, group, topic, group protocol, session timeout in ms (used by the classic protocol; the consumer
 * protocol takes it from the broker), processing time per record in microseconds.
 */
public final class ChurnConsumerProcess {

    private ChurnConsumerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        String groupProtocol = args[3];
        long processingMicros = Long.parseLong(args[5]);
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.GROUP_ID_CONFIG, args[1],
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        if (groupProtocol.equals("classic")) {
            int sessionTimeoutMs = Integer.parseInt(args[4]);
            settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
            settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, sessionTimeoutMs / 5);
            settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 20_000);
        }
        PrintStream out = System.out;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
            consumer.subscribe(List.of(args[2]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(consumer, processed);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> run = records.records(tp);
                    long last = run.get(run.size() - 1).offset();
                    out.println("PROCESSED " + tp.partition() + " " + run.get(0).offset() + " " + last);
                    processed.put(tp, new OffsetAndMetadata(last + 1));
                }
                out.flush();
                TimeUnit.MICROSECONDS.sleep(records.count() * processingMicros);
                commit(consumer, processed);
            }
        }
    }

    private static void commit(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> processed) {
        if (processed.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(processed);
        } catch (KafkaException refused) {
            // The group rebalanced under us: whoever owns these partitions now starts from the last good commit.
        }
        processed.clear();
    }
}
