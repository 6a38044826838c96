package io.partita.ra.inbound;

import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.Map;

/**
 * What a consumer's configs say about its polls: the most records one poll returns ({@code max.poll.records}) and
 * the longest time between two polls before the group takes the consumer's partitions ({@code max.poll.interval.ms}),
 * Kafka's defaults when unset. Immutable.
 */
record PollLimits(int maxPollRecords, Duration maxPollInterval) {

    /** @throws InvalidPropertyException when {@code consumerProperties} set one of them to something not a number */
    static PollLimits of(Map<String, Object> consumerConfig) throws InvalidPropertyException {
        Map<String, Object> defaults = ConsumerConfig.configDef().defaultValues();
        return new PollLimits(number(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, consumerConfig, defaults),
                Duration.ofMillis(number(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, consumerConfig, defaults)));
    }

    private static int number(String name, Map<String, Object> config, Map<String, Object> defaults)
            throws InvalidPropertyException {
        try {
            return (Integer) ConfigDef.parseType(name, config.getOrDefault(name, defaults.get(name)), ConfigDef.Type.INT);
        } catch (ConfigException e) {
            throw new InvalidPropertyException("consumerProperties: " + e.getMessage());
        }
    }
}
