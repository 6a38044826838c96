package io.partita.ra.inbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retry stages of an activation ({@code retryTopics}, e.g. {@code 1s,10s,1m}) and the topics that hold their
 * records: stage {@code n} (1-based) of source topic {@code orders} is {@code orders.retry-<delay of n>}, the delay
 * written in its largest exact unit ({@code 1000ms} and {@code 1s} both name {@code orders.retry-1s}). Stages of the
 * same delay share one topic; a retry record's stage is in its {@code partita.retry.stage} header.
 *
 * <p>Immutable.
 */
final class RetryTopics {

    /** No retry stages: failed records go straight to the dead-letter topic. */
    static final RetryTopics NONE = new RetryTopics(List.of(), List.of());

    private static final Pattern DELAY = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Map<String, TimeUnit> UNITS = Map.of("ms", TimeUnit.MILLISECONDS, "s", TimeUnit.SECONDS,
            "m", TimeUnit.MINUTES, "h", TimeUnit.HOURS);
    private static final String INFIX = ".retry-";

    private final List<Duration> delays;
    /** Every retry topic, in stage order, to the source topic whose records it holds. */
    private final Map<String, String> sources = new LinkedHashMap<>();

    RetryTopics(List<Duration> delays, List<String> sourceTopics) {
        this.delays = List.copyOf(delays);
        for (String source : sourceTopics) {
            for (int stage = 1; stage <= delays.size(); stage++) sources.put(topic(source, stage), source);
        }
    }

    /**
     * Reads a schedule: comma-separated delays, each a whole positive number (up to 9 digits) of {@code ms},
     * {@code s}, {@code m} or {@code h}; a blank schedule has no retry stage.
     *
     * @throws IllegalArgumentException saying which delay is wrong and how to write one
     */
    static List<Duration> schedule(String text) {
        if (text == null || text.isBlank()) return List.of();
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher delay = DELAY.matcher(part.strip());
            if (!delay.matches()) {
                throw new IllegalArgumentException("'" + part.strip() + "' is no delay: write a whole number (up to 9 "
                        + "digits) with ms, s, m or h, e.g. 1s,10s,1m");
            }
            long amount = Long.parseLong(delay.group(1));
            if (amount == 0) throw new IllegalArgumentException("'" + part.strip() + "' is no delay: a delay is positive");
            delays.add(Duration.of(amount, UNITS.get(delay.group(2)).toChronoUnit()));
        }
        return delays;
    }

    /** How {@code delay} appears in a topic name: in its largest unit that divides it, e.g. 90s, 1m, 1500ms. */
    static String label(Duration delay) {
        long ms = delay.toMillis();
        if (ms % TimeUnit.HOURS.toMillis(1) == 0) return ms / TimeUnit.HOURS.toMillis(1) + "h";
        if (ms % TimeUnit.MINUTES.toMillis(1) == 0) return ms / TimeUnit.MINUTES.toMillis(1) + "m";
        if (ms % TimeUnit.SECONDS.toMillis(1) == 0) return ms / TimeUnit.SECONDS.toMillis(1) + "s";
        return ms + "ms";
    }

    int stages() {
        return delays.size();
    }

    /** How long a record waits in {@code stage} (1-based) before it is delivered again. */
    Duration delay(int stage) {
        return delays.get(stage - 1);
    }

    /** The topic holding the records of {@code source} in {@code stage} (1-based). */
    String topic(String source, int stage) {
        return source + INFIX + label(delay(stage));
    }

    /** Every retry topic of the activation's topics, without repeats, in stage order. */
    List<String> names() {
        return List.copyOf(sources.keySet());
    }

    boolean isRetryTopic(String topic) {
        return sources.containsKey(topic);
    }

    /** The topic whose records {@code topic} holds: {@code topic} itself when it is no retry topic. */
    String sourceOf(String topic) {
        return sources.getOrDefault(topic, topic);
    }

    /** The first stage whose records {@code retryTopic} holds, for a record that does not carry its stage. */
    int firstStageOf(String retryTopic) {
        String source = sourceOf(retryTopic);
        for (int stage = 1; stage <= delays.size(); stage++) {
            if (topic(source, stage).equals(retryTopic)) return stage;
        }
        throw new IllegalArgumentException(retryTopic + " is no retry topic of " + source);
    }
}
