package io.partita.web.brokers;

import io.partita.web.configs.ConfigView;

import java.util.List;

/**
 * {@code GET /api/brokers/{broker}/configs}. Immutable.
 *
 * @param configs  the configs DescribeConfigs lists: the static settings (read-only, a secret without its value) and
 *                 the dynamic ones set on the broker or as cluster-wide defaults
 * @param dynamic  the names of the settings the node changes while running (by name); one is listed in
 *                 {@code configs} only while it is set, as in Kafka
 */
public record BrokerConfigs(List<ConfigView> configs, List<String> dynamic) {
}
