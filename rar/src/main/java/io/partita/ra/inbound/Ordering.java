package io.partita.ra.inbound;

import jakarta.resource.spi.InvalidPropertyException;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the activation property {@code ordering} keeps in order while {@code concurrency} bean instances work.
 */
enum Ordering {

    /** Each of {@code concurrency} consumers delivers its partitions' records in offset order to a bean of its own. */
    PARTITION,
    /** One consumer hands records to {@code concurrency} lanes by key: one key's records in offset order. */
    KEY,
    /** One consumer hands each record to whichever of {@code concurrency} lanes is free. */
    NONE;

    /** The value of the {@code ordering} property; null or blank is the default, {@link #PARTITION}. */
    static Ordering of(String value) throws InvalidPropertyException {
        if (value == null || value.isBlank()) return PARTITION;
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("ordering must be one of " + Arrays.stream(values())
                    .map(Ordering::toString).toList() + ", was " + value);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
