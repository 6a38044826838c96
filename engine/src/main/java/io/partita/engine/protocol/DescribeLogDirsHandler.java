package io.partita.engine.protocol;

import io.partita.engine.log.LogManager;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs ({@code kafka-log-dirs.sh}, and {@code kafka-reassign-partitions.sh}, which asks where each
 * replica lives): this node's one data directory with the size of every partition log in it (all, or those asked
 * for) and the directory's total and usable bytes. A partition's offset lag is how far its log end is behind its
 * high watermark, as Kafka's protocol documents it. An offline log (one that failed a write) is reported as Kafka
 * reports a failed log directory, with KAFKA_STORAGE_ERROR: here each such log's own directory, listing its
 * partition, since a failure takes one log offline, not the whole data directory. Stateless.
 */
final class DescribeLogDirsHandler implements ApiHandler {

    private final LogManager logs;

    DescribeLogDirsHandler(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeLogDirsRequest describe = (DescribeLogDirsRequest) request;
        Set<TopicPartition> wanted = null;
        if (describe.data().topics() != null) {
            wanted = new HashSet<>();
            for (DescribableLogDirTopic t : describe.data().topics()) {
                for (int p : t.partitions()) wanted.add(new TopicPartition(t.topic(), p));
            }
        }
        Map<String, DescribeLogDirsTopic> topics = new TreeMap<>();
        DescribeLogDirsResponseData data = new DescribeLogDirsResponseData();
        for (PartitionLog log : logs.logs()) {
            TopicPartition tp = log.topicPartition();
            if (wanted != null && !wanted.contains(tp)) continue;
            if (log.isOffline()) {
                data.results().add(new DescribeLogDirsResult().setErrorCode(Errors.KAFKA_STORAGE_ERROR.code())
                        .setLogDir(log.dir().toString()).setTopics(new ArrayList<>(List.of(new DescribeLogDirsTopic()
                                .setName(tp.topic()).setPartitions(new ArrayList<>(List.of(describe(log))))))));
                continue;
            }
            topics.computeIfAbsent(tp.topic(), name -> new DescribeLogDirsTopic().setName(name).setPartitions(new ArrayList<>()))
                    .partitions().add(describe(log));
        }
        DescribeLogDirsResult dir = new DescribeLogDirsResult().setErrorCode(Errors.NONE.code())
                .setLogDir(logs.dataDir().toString()).setTopics(new ArrayList<>(topics.values()));
        try {
            FileStore store = Files.getFileStore(logs.dataDir());
            dir.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
        } catch (IOException e) {
            dir.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
        data.results().add(0, dir);
        return CompletableFuture.completedFuture(new DescribeLogDirsResponse(data));
    }

    private static DescribeLogDirsPartition describe(PartitionLog log) {
        return new DescribeLogDirsPartition().setPartitionIndex(log.topicPartition().partition())
                .setPartitionSize(log.sizeInBytes())
                .setOffsetLag(Math.max(0, log.highWatermark() - log.logEndOffset()))
                .setIsFutureKey(false);
    }
}
