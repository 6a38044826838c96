package io.partita.engine.protocol;

import io.partita.engine.config.BrokerTopicDefaults;
import io.partita.engine.config.DynamicBrokerConfigs;
import io.partita.engine.config.GroupConfigs;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.config.TopicConfigs;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Describes configs as Kafka does: every topic config with its effective value and where that value comes from
 * (a topic override, this broker's static default, or Kafka's default), and a broker's settings, static and dynamic.
 * Immutable after construction; thread-safe.
 */
final class ConfigDescriber {

    private final Map<String, String> brokerLogDefaults;
    private final Map<String, String> brokerSettings;

    ConfigDescriber(NodeConfig node) {
        this.brokerLogDefaults = node.logDefaults();
        Map<String, String> settings = new LinkedHashMap<>(node.effectiveSettings());
        settings.put("broker.id", Integer.toString(node.nodeId()));
        this.brokerSettings = Map.copyOf(settings);
    }

    /** The topic's configs; {@code keys} null means all of them. Unknown keys are left out, as Kafka does. */
    List<DescribeConfigsResourceResult> describeTopic(Map<String, String> overrides, Collection<String> keys) {
        List<DescribeConfigsResourceResult> result = new ArrayList<>();
        for (Map.Entry<String, String> d : TopicConfigs.defaults().entrySet()) {
            String name = d.getKey();
            if (keys != null && !keys.contains(name)) continue;
            String brokerName = BrokerTopicDefaults.brokerName(name).orElse(name);
            List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) synonyms.add(synonym(name, overrides.get(name), ConfigSource.TOPIC_CONFIG));
            if (brokerLogDefaults.containsKey(name)) {
                synonyms.add(synonym(brokerName, brokerLogDefaults.get(name), ConfigSource.STATIC_BROKER_CONFIG));
            }
            // Kafka lists the built-in default as a synonym only when nothing overrides it.
            if (synonyms.isEmpty()) synonyms.add(synonym(brokerName, d.getValue(), ConfigSource.DEFAULT_CONFIG));
            DescribeConfigsSynonym effective = synonyms.get(0);
            result.add(new DescribeConfigsResourceResult()
                    .setName(name)
                    .setValue(effective.value())
                    .setConfigSource(effective.source())
                    .setReadOnly(false)
                    .setIsSensitive(false)
                    .setConfigType(ConfigType.valueOf(TopicConfigs.typeOf(name)).id())
                    .setDocumentation(TopicConfigs.documentation(name))
                    .setSynonyms(synonyms));
        }
        return result;
    }

    /**
     * A group's configs as Kafka 4.4 describes them: every one, the group's override first (DYNAMIC_GROUP_CONFIG) and
     * the broker's value it defaults to (DEFAULT_CONFIG, under the broker setting's name) as synonyms; {@code keys}
     * null means all of them, unknown keys are left out.
     */
    List<DescribeConfigsResourceResult> describeGroup(GroupConfigs configs, Map<String, String> overrides, Collection<String> keys) {
        List<DescribeConfigsResourceResult> result = new ArrayList<>();
        for (String name : configs.names()) {
            if (keys != null && !keys.contains(name)) continue;
            List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) synonyms.add(synonym(name, overrides.get(name), ConfigSource.GROUP_CONFIG));
            synonyms.add(synonym(GroupConfigs.brokerSynonym(name), configs.defaultValue(name), ConfigSource.DEFAULT_CONFIG));
            DescribeConfigsSynonym effective = synonyms.get(0);
            result.add(new DescribeConfigsResourceResult()
                    .setName(name).setValue(effective.value()).setConfigSource(effective.source())
                    .setReadOnly(false).setIsSensitive(false)
                    .setConfigType(ConfigType.valueOf(GroupConfigs.typeOf(name)).id())
                    .setDocumentation(GroupConfigs.documentation(name))
                    .setSynonyms(synonyms));
        }
        return result;
    }

    /**
     * A broker's settings as Kafka describes them: for a broker id, this broker's static settings (read-only, from
     * its start-up configuration) and the dynamic ones stored for it or as cluster-wide defaults; for the default
     * broker entity (the empty name), only the cluster-wide dynamic defaults. Dynamic settings that are not stored
     * are not listed, as in Kafka.
     */
    List<DescribeConfigsResourceResult> describeBroker(String broker, Map<String, String> dynamic, Map<String, String> dynamicDefaults,
                                                       Collection<String> keys) {
        List<DescribeConfigsResourceResult> result = new ArrayList<>();
        boolean defaultEntity = broker.isEmpty();
        Map<String, List<DescribeConfigsSynonym>> dynamicSynonyms = new TreeMap<>();
        if (!defaultEntity) {
            dynamic.forEach((name, value) -> dynamicSynonyms.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(synonym(name, value, ConfigSource.DYNAMIC_BROKER_CONFIG)));
        }
        dynamicDefaults.forEach((name, value) -> dynamicSynonyms.computeIfAbsent(name, n -> new ArrayList<>())
                .add(synonym(name, value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG)));
        dynamicSynonyms.forEach((name, synonyms) -> {
            if (keys != null && !keys.contains(name)) return;
            DescribeConfigsSynonym effective = synonyms.get(0);
            result.add(new DescribeConfigsResourceResult()
                    .setName(name).setValue(effective.value()).setReadOnly(false).setIsSensitive(false)
                    .setConfigSource(effective.source())
                    .setConfigType(ConfigType.valueOf(DynamicBrokerConfigs.typeOf(name)).id())
                    .setDocumentation(DynamicBrokerConfigs.documentation(name))
                    .setSynonyms(synonyms));
        });
        if (defaultEntity) return result;
        brokerSettings.forEach((name, setting) -> {
            if (keys != null && !keys.contains(name)) return;
            // As Kafka: a secret is listed, flagged sensitive, without its value.
            boolean sensitive = NodeConfig.sensitive(name);
            String value = sensitive ? null : setting;
            result.add(new DescribeConfigsResourceResult()
                    .setName(name).setValue(value).setReadOnly(true).setIsSensitive(sensitive)
                    .setConfigSource(ConfigSource.STATIC_BROKER_CONFIG.id())
                    .setConfigType(ConfigType.STRING.id())
                    .setSynonyms(List.of(synonym(name, value, ConfigSource.STATIC_BROKER_CONFIG))));
        });
        return result;
    }

    private static DescribeConfigsSynonym synonym(String name, String value, ConfigSource source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source.id());
    }
}
