package io.partita.engine.protocol;

import io.partita.engine.audit.SensitiveConfigs;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audited changes of configs (topics', groups', brokers', the brokers' default): each resource one change, each config
 * a detail {@code <operation>.<name>=<value>} ({@code set}, {@code delete}, {@code append}, {@code subtract}), with
 * secret values masked. Stateless.
 */
final class ConfigChanges {

    private ConfigChanges() {
    }

    static List<AdminChange> altered(AbstractRequest request, AbstractResponse response) {
        AlterConfigsRequestData asked = ((AlterConfigsRequest) request).data();
        if (asked.validateOnly()) return List.of();
        List<AdminChange> changes = new ArrayList<>();
        for (AlterConfigsResponseData.AlterConfigsResourceResponse result : ((AlterConfigsResponse) response).data().responses()) {
            AdminChange change = AdminChange.of(resource(result.resourceType(), result.resourceName()),
                    result.errorCode(), result.errorMessage());
            AlterConfigsRequestData.AlterConfigsResource resource =
                    asked.resources().find(result.resourceType(), result.resourceName());
            if (resource != null) {
                resource.configs().forEach(config -> change.with("set." + config.name(),
                        SensitiveConfigs.shown(config.name(), config.value())));
            }
            changes.add(change);
        }
        return changes;
    }

    static List<AdminChange> alteredIncrementally(AbstractRequest request, AbstractResponse response) {
        IncrementalAlterConfigsRequestData asked = ((IncrementalAlterConfigsRequest) request).data();
        if (asked.validateOnly()) return List.of();
        List<AdminChange> changes = new ArrayList<>();
        for (IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse result
                : ((IncrementalAlterConfigsResponse) response).data().responses()) {
            AdminChange change = AdminChange.of(resource(result.resourceType(), result.resourceName()),
                    result.errorCode(), result.errorMessage());
            IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                    asked.resources().find(result.resourceType(), result.resourceName());
            if (resource != null) {
                resource.configs().forEach(config -> change.with(operation(config.configOperation()) + "." + config.name(),
                        SensitiveConfigs.shown(config.name(), config.value())));
            }
            changes.add(change);
        }
        return changes;
    }

    /** {@code topic:orders}, {@code broker:1}, {@code broker:default} (the cluster-wide default of every broker). */
    private static String resource(byte type, String name) {
        String kind = ConfigResource.Type.forId(type).name().toLowerCase(Locale.ROOT);
        return kind + ":" + (name.isEmpty() ? "default" : name);
    }

    private static String operation(byte id) {
        AlterConfigOp.OpType type = AlterConfigOp.OpType.forId(id);
        return type == null ? "op" + id : type.name().toLowerCase(Locale.ROOT);
    }
}
