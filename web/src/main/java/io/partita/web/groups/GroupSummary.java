package io.partita.web.groups;

import java.util.List;

/**
 * A group in {@code GET /api/groups}. Immutable.
 *
 * @param groupId   the group's id
 * @param type      CLASSIC, CONSUMER or SHARE, by Kafka's names; null when the node does not say
 * @param protocol  the protocol type, {@code consumer} for consumer groups
 * @param state     Stable, Empty, PreparingRebalance ... by Kafka's names; null when the node does not say
 * @param internal  whether the id starts with an underscore, as the groups of Kafka's own tools and frameworks do
 * @param members   how many members it has now
 * @param totalLag  the sum of its lags, null when it committed no offset (a share group never does)
 * @param topics    the topics it committed offsets of or its members are assigned, by name
 */
public record GroupSummary(String groupId, String type, String protocol, String state, boolean internal, int members,
                           Long totalLag, List<TopicLag> topics) {

    /**
     * One topic of a group.
     *
     * @param topic  the topic
     * @param lag    the group's lag summed over the topic's partitions, null when it committed no offset there
     */
    public record TopicLag(String topic, Long lag) {
    }
}
