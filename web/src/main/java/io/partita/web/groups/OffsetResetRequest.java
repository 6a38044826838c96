package io.partita.web.groups;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/groups/{id}/offsets}: where to move the group's committed offsets, as
 * {@code kafka-consumer-groups.sh --reset-offsets} does. The partitions are those of {@link #topics} ({@link #partitions}
 * of each when given) moved as {@link #to} says, plus those of {@link #offsets}, moved to the offset given there.
 * {@link #to} is one of
 * <ul>
 * <li>{@code earliest}, {@code latest}: the log start, the log end;</li>
 * <li>{@code current}: the committed offset (the log end where none), which only clamps it;</li>
 * <li>{@code offset} with {@link #offset};</li>
 * <li>{@code shift-by} with {@link #shiftBy}, added to the committed offset (negative: back);</li>
 * <li>{@code datetime} with {@link #datetime}, ISO-8601 with an offset or a zone ({@code 2026-12-06T14:00:00Z},
 * {@code 2026-12-06T15:00:00+01:00}, {@code 2026-12-06T15:00:00+01:00[Europe/Berlin]});</li>
 * <li>{@code timestamp} with {@link #timestamp}, ms since the epoch;</li>
 * <li>{@code duration} with {@link #duration}, ISO-8601 ({@code PT1H30M}): that long before now.</li>
 * </ul>
 * The last three move to the first record at or after the time, the log end where there is none. Kafka allows it
 * only while the group has no active members. Mutable.
 */
public class OffsetResetRequest {
    public List<String> topics;
    public List<Integer> partitions;
    public String to;
    public Long offset;
    public Long shiftBy;
    public String datetime;
    public Long timestamp;
    public String duration;
    /** Explicit offsets by topic, then by partition number: {@code {"shop.orders": {"0": 123}}}. */
    public Map<String, Map<String, Long>> offsets;
}
