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

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * DescribeLogDirs ({@code Admin.describeLogDirs}, {@code kafka-log-dirs.sh}): this node's one log directory with the
 * size on disk of every partition replica it holds, leader or follower, and the directory's total and usable bytes.
 * A partition's offset lag is how far its log end is behind its high watermark, as Kafka reports it. Stateless.
 */
final class DescribeLogDirsHandler implements ApiHandler {

    private final LogManager logs;

    DescribeLogDirsHandler(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeLogDirsRequest r = (DescribeLogDirsRequest) request;
        Set<TopicPartition> wanted = r.isAllTopicPartitions() ? null : r.data().topics().stream()
                .flatMap((DescribableLogDirTopic t) -> t.partitions().stream().map(p -> new TopicPartition(t.topic(), p)))
                .collect(Collectors.toSet());
        Map<String, DescribeLogDirsTopic> topics = new TreeMap<>();
        for (PartitionLog log : logs.logs()) {
            TopicPartition tp = log.topicPartition();
            if (wanted != null && !wanted.contains(tp)) continue;
            topics.computeIfAbsent(tp.topic(), name -> new DescribeLogDirsTopic().setName(name)).partitions()
                    .add(new DescribeLogDirsPartition()
                            .setPartitionIndex(tp.partition())
                            .setPartitionSize(log.sizeInBytes())
                            .setOffsetLag(Math.max(0, log.highWatermark() - log.logEndOffset()))
                            .setIsFutureKey(false));
        }
        File dir = logs.dataDir().toAbsolutePath().toFile();
        DescribeLogDirsResult result = new DescribeLogDirsResult()
                .setErrorCode(Errors.NONE.code())
                .setLogDir(dir.getPath())
                .setTotalBytes(dir.getTotalSpace())
                .setUsableBytes(dir.getUsableSpace());
        result.topics().addAll(topics.values());
        return CompletableFuture.completedFuture(new DescribeLogDirsResponse(
                new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code()).setResults(List.of(result))));
    }
}
