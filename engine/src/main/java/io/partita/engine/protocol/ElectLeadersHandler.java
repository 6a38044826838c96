package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.cluster.Controller;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * ElectLeaders ({@code Admin.electLeaders}, {@code kafka-leader-election.sh}): preferred or unclean elections run
 * by the controller. A node that is not the controller answers NOT_CONTROLLER, so the client finds the one that is.
 * Stateless.
 */
final class ElectLeadersHandler implements ApiHandler {

    private final Controller controller;

    ElectLeadersHandler(Controller controller) {
        this.controller = controller;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ElectLeadersRequest elect = (ElectLeadersRequest) request;
        short version = elect.version();
        Optional<Set<TopicPartition>> partitions = Optional.ofNullable(elect.data().topicPartitions()).map(ElectLeadersHandler::partitions);
        return controller.electLeaders(elect.electionType(), partitions).handle((outcome, failure) -> {
            if (failure != null) {
                Throwable cause = CompletionFailures.cause(failure);
                return new ElectLeadersResponse(0, Errors.forException(cause).code(), List.of(), version);
            }
            return new ElectLeadersResponse(0, Errors.NONE.code(), results(outcome), version);
        });
    }

    private static Set<TopicPartition> partitions(Iterable<TopicPartitions> topics) {
        Set<TopicPartition> result = new HashSet<>();
        for (TopicPartitions t : topics) for (int p : t.partitions()) result.add(new TopicPartition(t.topic(), p));
        return result;
    }

    private static List<ReplicaElectionResult> results(Map<TopicPartition, Optional<ApiException>> outcome) {
        Map<String, ReplicaElectionResult> byTopic = new TreeMap<>();
        outcome.forEach((tp, error) -> byTopic.computeIfAbsent(tp.topic(),
                t -> new ReplicaElectionResult().setTopic(t).setPartitionResult(new ArrayList<>()))
                .partitionResult().add(new PartitionResult().setPartitionId(tp.partition())
                        .setErrorCode(error.map(e -> Errors.forException(e).code()).orElse(Errors.NONE.code()))
                        .setErrorMessage(error.map(Throwable::getMessage).orElse(null))));
        return new ArrayList<>(byTopic.values());
    }
}
