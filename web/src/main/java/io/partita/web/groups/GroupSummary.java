package io.partita.web.groups;

/**
 * A group in {@code GET /api/groups}. Immutable.
 *
 * @param groupId   the group's id
 * @param type      CLASSIC, CONSUMER or SHARE, by Kafka's names; null when the node does not say
 * @param protocol  the protocol type, {@code consumer} for consumer groups
 * @param state     Stable, Empty, PreparingRebalance ... by Kafka's names; null when the node does not say
 */
public record GroupSummary(String groupId, String type, String protocol, String state) {
}
