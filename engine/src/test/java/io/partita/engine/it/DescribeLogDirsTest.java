package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DescribeLogDirs through the Admin client (what {@code kafka-log-dirs.sh} uses): partition sizes on disk. */
@ExtendWith(BrokerExtension.class)
class DescribeLogDirsTest {

    private final TestClients broker;

    DescribeLogDirsTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void reportsEachPartitionsSizeOnDiskAndTheDirectorysSpace() throws Exception {
        try (Admin admin = broker.admin()) {
            String topic = Topics.create(admin, "log-dirs", 2);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 100; i++) records.add(new ProducerRecord<>(topic, 0, null, new byte[1_000]));
            try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                SentRecord.sendAll(producer, records);
            }

            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(broker.nodeId()))
                    .descriptions().get(broker.nodeId()).get();

            assertThat(dirs).hasSize(1);
            LogDirDescription dir = dirs.values().iterator().next();
            assertThat(dir.error()).isNull();
            assertThat(dir.totalBytes()).isPresent();
            assertThat(dir.usableBytes().orElseThrow()).isPositive().isLessThanOrEqualTo(dir.totalBytes().orElseThrow());
            ReplicaInfo written = dir.replicaInfos().get(new TopicPartition(topic, 0));
            ReplicaInfo empty = dir.replicaInfos().get(new TopicPartition(topic, 1));
            assertThat(written.size()).as("100 records of 1,000 bytes").isGreaterThan(100_000L);
            assertThat(written.offsetLag()).isZero();
            assertThat(empty.size()).isZero();
        }
    }
}
