package io.partita.ra.inbound;

import io.partita.ra.api.ValueTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which {@link RecordMethod} each record of one topic goes to: the topic's only method, whatever the record; else
 * the method whose value type the record's {@link ValueTypes#HEADER} names, or the method taking the
 * {@code ConsumerRecord} when there is one; else none. Immutable.
 *
 * @param topic    the topic
 * @param only     the topic's one method, or null when it has none or several
 * @param byType   of several methods, those taking values, by the name of their value type
 * @param fallback of several methods, the one taking the {@code ConsumerRecord}, or null
 */
record TopicRoutes(String topic, RecordMethod only, Map<String, RecordMethod> byType, RecordMethod fallback) {

    /** @param methods the methods taking {@code topic}, no two of them taking the same value type (or records) */
    static TopicRoutes of(String topic, List<RecordMethod> methods) {
        if (methods.size() == 1) return new TopicRoutes(topic, methods.get(0), Map.of(), null);
        Map<String, RecordMethod> byType = methods.stream().filter(m -> m.typeName() != null)
                .collect(Collectors.toUnmodifiableMap(RecordMethod::typeName, m -> m));
        return new TopicRoutes(topic, null, byType, methods.stream().filter(m -> m.typeName() == null).findFirst().orElse(null));
    }

    /** @throws NoMatchingMethodException when no method takes the record */
    RecordMethod methodFor(ConsumerRecord<byte[], byte[]> record) {
        if (only != null) return only;
        String type = typeOf(record);
        RecordMethod method = type == null ? null : byType.get(type);
        if (method != null) return method;
        if (fallback != null) return fallback;
        if (byType.isEmpty()) throw new NoMatchingMethodException("no @OnRecord method takes topic " + topic);
        throw new NoMatchingMethodException((type == null ? "the record names no type (header " + ValueTypes.HEADER + ")"
                : "no @OnRecord method takes type " + type) + " of topic " + topic + "; its methods take types "
                + byType.keySet().stream().sorted().toList());
    }

    private static String typeOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(ValueTypes.HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
