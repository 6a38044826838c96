package io.partita.web.configs;

import io.partita.web.kafka.Futures;
import io.partita.web.problem.ApiProblem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads and changes the configs of a topic or a broker through the node's admin client (DescribeConfigs and
 * IncrementalAlterConfigs), so what is accepted and the errors are the node's own (Kafka's). Stateless.
 */
public final class Configs {

    private Configs() {
    }

    /** The resource's configs by name; a sensitive one without its value. */
    public static List<ConfigView> describe(Admin admin, ConfigResource resource) {
        Config config = Futures.get(admin.describeConfigs(List.of(resource)).all()).get(resource);
        return config.entries().stream()
                .sorted(Comparator.comparing(ConfigEntry::name))
                .map(entry -> new ConfigView(entry.name(), entry.isSensitive() ? null : entry.value(),
                        entry.source().name(), entry.isDefault(), entry.isReadOnly(), entry.isSensitive()))
                .toList();
    }

    /** Sets the configs given; a config given as null goes back to its default (Kafka's DELETE operation). */
    public static void alter(Admin admin, ConfigResource resource, Map<String, String> changes) {
        if (changes == null || changes.isEmpty()) throw ApiProblem.badRequest("Give the configs to change as a JSON object");
        List<AlterConfigOp> ops = changes.entrySet().stream()
                .map(change -> change.getValue() == null
                        ? new AlterConfigOp(new ConfigEntry(change.getKey(), ""), AlterConfigOp.OpType.DELETE)
                        : new AlterConfigOp(new ConfigEntry(change.getKey(), change.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        Futures.get(admin.incrementalAlterConfigs(Map.of(resource, ops)).all());
    }
}
