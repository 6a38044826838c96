package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that cannot write its copy of the cluster metadata (a full disk, here a directory in the way of the
 * snapshot's temporary file) still starts, creates topics and serves them: the copy is a backup for a restart of the
 * whole cluster, and failing to write it must not fail the metadata changes it follows.
 */
class MetadataSnapshotFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void aNodeWhoseMetadataSnapshotCannotBeWrittenKeepsServing() throws Exception {
        ExternalBroker.assumeNone();
        Path obstacle = Files.createDirectories(dataDir.resolve("partita-metadata.json.tmp"));
        Files.writeString(obstacle.resolve("keeps-it"), "a non-empty directory cannot be deleted in passing");
        try (TestNode node = TestNode.start(dataDir);
             Admin admin = node.clients().admin();
             KafkaProducer<byte[], byte[]> producer = node.clients().producer()) {
            String topic = Topics.create(admin, "no-snapshot", 1);
            producer.send(new ProducerRecord<>(topic, "served".getBytes(StandardCharsets.UTF_8))).get();

            List<ConsumerRecord<byte[], byte[]>> read = Polling.readFromBeginning(node.clients(), topic, 1, 1);
            assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("served");
        }
    }
}
