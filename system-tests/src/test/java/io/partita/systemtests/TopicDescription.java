package io.partita.systemtests;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of {@code kafka-topics --describe} for one topic, split into its fields: a header line
 * ({@code Topic: t	TopicId: ...	PartitionCount: 3	ReplicationFactor: 1	Configs: a=b,c=d}) then one line per
 * partition ({@code 	Topic: t	Partition: 0	Leader: 1	Replicas: 1	Isr: 1 ...}). Immutable.
 */
record TopicDescription(Map<String, String> header, List<Map<String, String>> partitions) {

    static TopicDescription parse(List<String> lines) {
        if (lines.isEmpty()) throw new AssertionError("kafka-topics --describe printed nothing");
        return new TopicDescription(fields(lines.get(0)),
                lines.subList(1, lines.size()).stream().map(TopicDescription::fields).toList());
    }

    /** The topic configs listed after {@code Configs:}. */
    Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        String listed = header.getOrDefault("Configs", "");
        for (String entry : listed.split(",")) {
            int eq = entry.indexOf('=');
            if (eq > 0) configs.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return configs;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Arrays.stream(line.strip().split("\t")).forEach(field -> {
            int colon = field.indexOf(": ");
            if (colon > 0) fields.put(field.substring(0, colon), field.substring(colon + 2).strip());
            else if (field.endsWith(":")) fields.put(field.substring(0, field.length() - 1), "");
        });
        return fields;
    }
}
