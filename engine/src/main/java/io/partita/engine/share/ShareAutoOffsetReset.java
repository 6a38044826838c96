package io.partita.engine.share;

import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Where a share group starts reading a partition it has no state for: the group config {@code share.auto.offset.reset}
 * ({@code latest}, {@code earliest} or {@code by_duration:<ISO-8601 duration>}, not negative). Immutable.
 *
 * @param strategy which end, or by a duration back from now
 * @param duration how far back from now, for {@link Strategy#BY_DURATION}; zero otherwise
 */
public record ShareAutoOffsetReset(Strategy strategy, Duration duration) {

    public enum Strategy { LATEST, EARLIEST, BY_DURATION }

    public static final String NAME = "share.auto.offset.reset";
    public static final ShareAutoOffsetReset LATEST = new ShareAutoOffsetReset(Strategy.LATEST, Duration.ZERO);
    private static final String BY_DURATION = "by_duration:";

    /**
     * @throws ConfigException with Kafka's message for anything else (it is case-sensitive, as Kafka's)
     */
    public static ShareAutoOffsetReset parse(String value) {
        if ("latest".equals(value)) return LATEST;
        if ("earliest".equals(value)) return new ShareAutoOffsetReset(Strategy.EARLIEST, Duration.ZERO);
        if (value != null && value.startsWith(BY_DURATION)) {
            try {
                Duration duration = Duration.parse(value.substring(BY_DURATION.length()));
                if (!duration.isNegative()) return new ShareAutoOffsetReset(Strategy.BY_DURATION, duration);
            } catch (DateTimeParseException e) {
                // Falls through to Kafka's message, which does not tell a malformed duration from a negative one.
            }
        }
        throw new ConfigException(NAME, value, "Invalid value `" + value + "` for configuration " + NAME
                + ". The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'.");
    }
}
