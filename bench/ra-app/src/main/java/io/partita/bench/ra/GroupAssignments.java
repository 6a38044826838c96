package io.partita.bench.ra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

import java.util.List;
import java.util.Map;

/**
 * Waits until a consumer group is stable with {@code members} members that share all partitions of a topic, one
 * each: then every consumer of a variant is polling its partition before the orders are committed. Stateless.
 */
final class GroupAssignments {

    private GroupAssignments() {
    }

    static void await(String bootstrap, String group, String topic, int members, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Admin admin = AdapterClients.create(() ->
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
            while (true) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                if (description.groupState() == GroupState.STABLE && description.members().size() == members
                        && description.members().stream().map(MemberDescription::assignment)
                        .allMatch(a -> a.topicPartitions().size() == 1
                                && a.topicPartitions().iterator().next().topic().equals(topic))) {
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("group " + group + " is not stable with " + members
                            + " members on " + topic + " after " + timeoutMs + " ms: " + description);
                }
                Thread.sleep(200);
            }
        }
    }
}
