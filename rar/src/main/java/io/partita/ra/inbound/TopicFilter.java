package io.partita.ra.inbound;

import io.partita.ra.api.OnRecord;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The topics an {@link OnRecord} method takes: those it names and those its pattern matches whole, or, when it
 * names neither, every topic of its activation. Immutable.
 *
 * @param topics  the names, without blanks, in the order given
 * @param pattern the pattern, or null
 */
record TopicFilter(Set<String> topics, Pattern pattern) {

    /** @throws IllegalArgumentException when the pattern is no regular expression */
    static TopicFilter of(OnRecord annotation) {
        LinkedHashSet<String> named = Arrays.stream(annotation.topics()).map(String::strip).filter(t -> !t.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> topics = Collections.unmodifiableSet(named);
        if (annotation.topicPattern().isBlank()) return new TopicFilter(topics, null);
        try {
            return new TopicFilter(topics, Pattern.compile(annotation.topicPattern()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("its topicPattern is no regular expression: " + e.getMessage(), e);
        }
    }

    /** True when the method names no topic and no pattern. */
    boolean takesAny() {
        return topics.isEmpty() && pattern == null;
    }

    boolean matches(String topic) {
        return takesAny() || topics.contains(topic) || pattern != null && pattern.matcher(topic).matches();
    }

    /**
     * Whether one topic may be taken by both filters: one of {@code subscribed} when the activation's topics are
     * known, else any topic. Which names two different patterns both match is not decided here: they are taken to
     * share one.
     *
     * @param subscribed the activation's topics, or null when it subscribes by pattern
     */
    boolean mayShareTopicWith(TopicFilter other, Collection<String> subscribed) {
        if (subscribed != null) return subscribed.stream().anyMatch(t -> matches(t) && other.matches(t));
        if (takesAny() || other.takesAny()) return true;
        if (topics.stream().anyMatch(other::matches) || other.topics.stream().anyMatch(this::matches)) return true;
        return pattern != null && other.pattern != null;
    }

    /** A regular expression matching exactly the topics named and those of the pattern. */
    String regex() {
        return Stream.concat(topics.stream().map(Pattern::quote),
                        pattern == null ? Stream.empty() : Stream.of("(?:" + pattern.pattern() + ")"))
                .collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        if (takesAny()) return "every topic";
        return (topics.isEmpty() ? "" : "topics " + topics) + (topics.isEmpty() || pattern == null ? "" : " and ")
                + (pattern == null ? "" : "topicPattern " + pattern.pattern());
    }
}
