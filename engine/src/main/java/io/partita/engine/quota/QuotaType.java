package io.partita.engine.quota;

/**
 * The client quotas Kafka has for users and client ids, each with its config key and the amount it bounds per
 * second, as recorded in its {@link RateQuota}.
 */
public enum QuotaType {
    /** Bytes of Produce requests per second. */
    PRODUCE("producer_byte_rate", true, 1),
    /** Bytes of consumers' Fetch answers per second. */
    FETCH("consumer_byte_rate", true, 1),
    /**
     * Percentage of one request-handling thread's time: recorded in milliseconds of thread time, so p percent
     * bounds to 10 x p milliseconds per second.
     */
    REQUEST("request_percentage", false, 10),
    /** Partitions created or deleted per second (KIP-599). */
    CONTROLLER_MUTATION("controller_mutation_rate", false, 1);

    private final String key;
    private final boolean wholeNumber;
    private final double recordedPerUnit;

    QuotaType(String key, boolean wholeNumber, double recordedPerUnit) {
        this.key = key;
        this.wholeNumber = wholeNumber;
        this.recordedPerUnit = recordedPerUnit;
    }

    /** The config key, as {@code kafka-configs.sh} names it. */
    public String key() {
        return key;
    }

    /** Whether Kafka takes only whole numbers for it (its LONG quota keys). */
    public boolean wholeNumber() {
        return wholeNumber;
    }

    /** The bound per second of what is recorded, for a quota value. */
    double bound(double value) {
        return value * recordedPerUnit;
    }

    /** The type of a config key, or null. */
    public static QuotaType ofKey(String key) {
        for (QuotaType t : values()) if (t.key.equals(key)) return t;
        return null;
    }
}
