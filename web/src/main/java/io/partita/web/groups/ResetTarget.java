package io.partita.web.groups;

import io.partita.web.problem.ApiProblem;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where an {@link OffsetResetRequest}'s {@code to} moves each partition, read and checked before anything is asked of
 * the node: a request without the value its mode needs is refused, never read as 0. Immutable.
 *
 * @param mode   how the offset is found
 * @param value  the offset ({@link Mode#OFFSET}), the shift ({@link Mode#SHIFT_BY}) or the time in ms since the
 *               epoch ({@link Mode#TIME}); 0 otherwise
 */
record ResetTarget(Mode mode, long value) {

    static final String MODES = "earliest, latest, current, offset, shift-by, datetime, timestamp or duration";

    enum Mode { EARLIEST, LATEST, CURRENT, OFFSET, SHIFT_BY, TIME }

    static ResetTarget of(OffsetResetRequest request, Clock clock) {
        if (request.to == null || request.to.isBlank()) throw ApiProblem.badRequest("Give 'to': " + MODES);
        return switch (request.to) {
            case "earliest" -> new ResetTarget(Mode.EARLIEST, 0);
            case "latest" -> new ResetTarget(Mode.LATEST, 0);
            case "current" -> new ResetTarget(Mode.CURRENT, 0);
            case "offset" -> {
                long offset = required(request.offset, "offset", "the offset to move to", request.to);
                if (offset < 0) throw ApiProblem.badRequest("'offset' must be 0 or more, was " + offset);
                yield new ResetTarget(Mode.OFFSET, offset);
            }
            case "shift-by" -> new ResetTarget(Mode.SHIFT_BY,
                    required(request.shiftBy, "shiftBy",
                    "how many records to move each committed offset, negative to go back", request.to));
            case "timestamp" -> {
                long timestamp = required(request.timestamp, "timestamp", "ms since the epoch", request.to);
                if (timestamp < 0) throw ApiProblem.badRequest("'timestamp' must be 0 or more, was " + timestamp);
                yield new ResetTarget(Mode.TIME, timestamp);
            }
            case "datetime" -> new ResetTarget(Mode.TIME, dateTime(request.datetime));
            case "duration" -> new ResetTarget(Mode.TIME, clock.millis() - duration(request.duration).toMillis());
            default -> throw ApiProblem.badRequest("'to' must be " + MODES + "; was '" + request.to + "'");
        };
    }

    private static long required(Long value, String name, String meaning, String to) {
        if (value == null) throw ApiProblem.badRequest("Give '" + name + "' (" + meaning + ") to reset with to=" + to);
        return value;
    }

    private static long dateTime(String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest("Give 'datetime' (ISO-8601 with an offset or zone, like 2026-12-06T14:00:00Z) "
                    + "to reset with to=datetime");
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.ISO_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("'datetime' must be ISO-8601 with an offset or zone, like 2026-12-06T14:00:00Z or "
                    + "2026-12-06T15:00:00+01:00; was '" + text + "'");
        }
    }

    private static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest("Give 'duration' (ISO-8601, like PT1H30M: that long before now) to reset with to=duration");
        }
        try {
            Duration duration = Duration.parse(text.trim());
            if (duration.isNegative()) throw ApiProblem.badRequest("'duration' must not be negative, was '" + text + "'");
            return duration;
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("'duration' must be ISO-8601, like PT1H30M or P1D; was '" + text + "'");
        }
    }
}
