package io.partita.web.topics;

/** The body of {@code POST /api/topics/{name}/partitions}: the new, larger partition count. Mutable. */
public class PartitionCountRequest {
    public Integer count;
}
