package io.partita.web.topics;

/**
 * A consumer group with offsets committed on a topic, in {@code GET /api/topics/{name}/groups}. Immutable.
 *
 * @param group       the group's id
 * @param partitions  how many of the topic's partitions it committed an offset for
 * @param lag         the sum of its lag on them (last stable offset minus committed offset)
 */
public record TopicGroupLag(String group, int partitions, long lag) {
}
