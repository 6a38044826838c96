package io.partita.engine.protocol;

import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.message.UnregisterBrokerResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.requests.UnregisterBrokerRequest;
import org.apache.kafka.common.requests.UnregisterBrokerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The audited operations on the cluster: reassignments started or cancelled, leader elections, brokers
 * unregistered. A partition the answer does not list carries the answer's top-level error. Stateless.
 */
final class ClusterChanges {

    private ClusterChanges() {
    }

    static List<AdminChange> reassigned(AbstractRequest request, AbstractResponse response) {
        AlterPartitionReassignmentsResponseData answer = ((AlterPartitionReassignmentsResponse) response).data();
        List<AdminChange> changes = new ArrayList<>();
        for (ReassignableTopic topic : ((AlterPartitionReassignmentsRequest) request).data().topics()) {
            for (ReassignablePartition partition : topic.partitions()) {
                ReassignablePartitionResponse result = answer.responses().stream()
                        .filter(t -> t.name().equals(topic.name()))
                        .flatMap(t -> t.partitions().stream())
                        .filter(p -> p.partitionIndex() == partition.partitionIndex())
                        .findFirst().orElse(null);
                AdminChange change = result == null
                        ? AdminChange.of(AdminChange.partition(topic.name(), partition.partitionIndex()), answer.errorCode(), answer.errorMessage())
                        : AdminChange.of(AdminChange.partition(topic.name(), partition.partitionIndex()), result.errorCode(), result.errorMessage());
                changes.add(partition.replicas() == null ? change.with("cancel", true) : change.with("replicas", ids(partition.replicas())));
            }
        }
        return changes;
    }

    static List<AdminChange> leadersElected(AbstractRequest request, AbstractResponse response) {
        ElectLeadersRequestData asked = ((ElectLeadersRequest) request).data();
        ElectLeadersResponseData answer = ((ElectLeadersResponse) response).data();
        String election = ElectionType.valueOf(asked.electionType()).name();
        List<AdminChange> changes = new ArrayList<>();
        for (ReplicaElectionResult topic : answer.replicaElectionResults()) {
            for (PartitionResult result : topic.partitionResult()) {
                changes.add(AdminChange.of(AdminChange.partition(topic.topic(), result.partitionId()),
                        result.errorCode(), result.errorMessage()).with("election", election));
            }
        }
        if (changes.isEmpty() && answer.errorCode() != 0) {
            String partitions = asked.topicPartitions() == null ? "all" : asked.topicPartitions().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> t.topic() + "-" + p))
                    .collect(Collectors.joining(","));
            changes.add(AdminChange.of("partitions:" + partitions, answer.errorCode(), null).with("election", election));
        }
        return changes;
    }

    static List<AdminChange> brokerUnregistered(AbstractRequest request, AbstractResponse response) {
        UnregisterBrokerResponseData answer = ((UnregisterBrokerResponse) response).data();
        int broker = ((UnregisterBrokerRequest) request).data().brokerId();
        return List.of(AdminChange.of("broker:" + broker, answer.errorCode(), answer.errorMessage()));
    }

    private static String ids(List<Integer> replicas) {
        return replicas.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
