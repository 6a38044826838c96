package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Produce request whose batch fails its CRC is answered CORRUPT_MESSAGE for that partition and nothing is
 * appended; the connection stays usable. Sent raw, because a real producer never sends a corrupt batch.
 */
@ExtendWith(BrokerExtension.class)
class CorruptBatchTest {

    private final TestClients broker;

    CorruptBatchTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void batchWithABadCrcIsRefusedWithCorruptMessage() throws Exception {
        String topic;
        Uuid topicId;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "corrupt", 1);
            topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        }

        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            MemoryRecords corrupt = batch();
            ByteBuffer bytes = corrupt.buffer();
            int lastValueByte = bytes.limit() - 2; // the very last byte is the record's header count
            bytes.put(lastValueByte, (byte) (bytes.get(lastValueByte) ^ 0x55));

            assertThat(produce(connection, topic, topicId, corrupt).errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());

            ProduceResponseData.PartitionProduceResponse intact = produce(connection, topic, topicId, batch());
            assertThat(intact.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(intact.baseOffset()).as("the corrupt batch took no offset").isZero();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            assertThat(consumer.endOffsets(List.of(partition))).containsEntry(partition, 1L);
        }
    }

    private static MemoryRecords batch() {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("key".getBytes(UTF_8), "a value of some length".getBytes(UTF_8)));
    }

    private static ProduceResponseData.PartitionProduceResponse produce(RawKafkaConnection connection, String topic, Uuid topicId,
                                                                        MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        // the request's version decides which of name and id goes on the wire (ids from v13)
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setTopicId(topicId)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        ProduceResponse response = connection.send(ProduceRequest.builder(
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics)));
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }
}
