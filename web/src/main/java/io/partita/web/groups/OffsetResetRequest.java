package io.partita.web.groups;

/**
 * The body of {@code POST /api/groups/{id}/offsets}: where to move the group's committed offsets of a topic (one
 * partition when {@link #partition} is given). {@link #to} is {@code earliest}, {@code latest}, {@code offset}
 * (with {@link #offset}) or {@code timestamp} (with {@link #timestamp}, ms since the epoch). Kafka allows it only
 * while the group has no active members. Mutable.
 */
public class OffsetResetRequest {
    public String topic;
    public Integer partition;
    public String to;
    public Long offset;
    public Long timestamp;
}
