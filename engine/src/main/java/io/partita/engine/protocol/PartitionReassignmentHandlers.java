package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.Controller;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.ListPartitionReassignmentsResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * AlterPartitionReassignments (start, replace or cancel, through the controller; a node that is not the controller
 * answers NOT_CONTROLLER) and ListPartitionReassignments (the running ones, from the metadata every node caches),
 * as {@code kafka-reassign-partitions.sh} uses them. Stateless.
 */
final class PartitionReassignmentHandlers {

    private final Controller controller;
    private final ClusterMetadata cluster;

    PartitionReassignmentHandlers(Controller controller, ClusterMetadata cluster) {
        this.controller = controller;
        this.cluster = cluster;
    }

    ApiHandler alterPartitionReassignments() {
        return (ctx, r) -> alter((AlterPartitionReassignmentsRequest) r);
    }

    ApiHandler listPartitionReassignments() {
        return (ctx, r) -> list((ListPartitionReassignmentsRequest) r);
    }

    private CompletableFuture<AbstractResponse> alter(AlterPartitionReassignmentsRequest request) {
        Map<TopicPartition, Optional<List<Integer>>> targets = new HashMap<>();
        for (ReassignableTopic t : request.data().topics()) {
            for (ReassignablePartition p : t.partitions()) {
                targets.put(new TopicPartition(t.name(), p.partitionIndex()), Optional.ofNullable(p.replicas()));
            }
        }
        boolean allowFactorChange = request.data().allowReplicationFactorChange();
        return controller.alterReassignments(targets, allowFactorChange).handle((outcome, failure) -> {
            AlterPartitionReassignmentsResponseData data = new AlterPartitionReassignmentsResponseData()
                    .setAllowReplicationFactorChange(allowFactorChange);
            if (failure != null) {
                Throwable cause = CompletionFailures.cause(failure);
                return new AlterPartitionReassignmentsResponse(data.setErrorCode(Errors.forException(cause).code())
                        .setErrorMessage(cause.getMessage()));
            }
            Map<String, ReassignableTopicResponse> byTopic = new TreeMap<>();
            outcome.forEach((tp, error) -> byTopic.computeIfAbsent(tp.topic(),
                            name -> new ReassignableTopicResponse().setName(name).setPartitions(new ArrayList<>()))
                    .partitions().add(new ReassignablePartitionResponse().setPartitionIndex(tp.partition())
                            .setErrorCode(error.map(e -> Errors.forException(e).code()).orElse(Errors.NONE.code()))
                            .setErrorMessage(error.map(ApiException::getMessage).orElse(null))));
            return new AlterPartitionReassignmentsResponse(data.setResponses(new ArrayList<>(byTopic.values())));
        });
    }

    private CompletableFuture<AbstractResponse> list(ListPartitionReassignmentsRequest request) {
        ListPartitionReassignmentsResponseData data = new ListPartitionReassignmentsResponseData();
        List<ListPartitionReassignmentsTopics> asked = request.data().topics();
        if (asked == null) {
            for (TopicMetadata t : cluster.topics()) addOngoing(data, t, t.partitions());
        } else {
            for (ListPartitionReassignmentsTopics a : asked) {
                Optional<TopicMetadata> t = cluster.topic(a.name());
                if (t.isEmpty()) continue;
                List<PartitionAssignment> partitions = new ArrayList<>();
                for (int p : a.partitionIndexes()) t.get().partition(p).ifPresent(partitions::add);
                addOngoing(data, t.get(), partitions);
            }
        }
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponse(data));
    }

    private static void addOngoing(ListPartitionReassignmentsResponseData data, TopicMetadata topic, List<PartitionAssignment> partitions) {
        OngoingTopicReassignment ongoing = new OngoingTopicReassignment().setName(topic.name());
        for (PartitionAssignment p : partitions) {
            if (!p.reassigning()) continue;
            ongoing.partitions().add(new OngoingPartitionReassignment().setPartitionIndex(p.partition())
                    .setReplicas(p.replicas()).setAddingReplicas(p.addingReplicas()).setRemovingReplicas(p.removingReplicas()));
        }
        if (!ongoing.partitions().isEmpty()) data.topics().add(ongoing);
    }
}
