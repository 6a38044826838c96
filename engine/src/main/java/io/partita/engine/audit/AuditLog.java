package io.partita.engine.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Writes one line per admin change to the logger {@value #LOGGER_NAME}, at INFO, in a fixed key=value form that
 * {@code grep} and log shippers split without a parser of their own:
 * {@code time=<ISO-8601 UTC> via=<interface> principal=<who> source=<address> client=<client id> action=<API>
 * resource=<type>:<name> outcome=<ok or error name>}, then the change's own details in the order given. A value
 * that is empty or holds whitespace, a quote, an equals sign, a backslash or a control character is written in double
 * quotes, with {@code "} and {@code \} escaped by a backslash, line breaks and tabs as {@code \n}, {@code \r},
 * {@code \t} and other control characters as {@code \}{@code uXXXX}, so a line is always one line; an absent value
 * is {@code -}. Callers mask secrets before they get here ({@link SensitiveConfigs}).
 *
 * <p>Stateless apart from its clock; thread-safe.
 */
public final class AuditLog {

    public static final String LOGGER_NAME = "io.partita.audit";
    /** The outcome of a change that was made. */
    public static final String OK = "ok";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** Who asked for a change, and through what: {@code via} names the interface, e.g. {@code kafka}. */
    public record Actor(String via, String principal, String source, String client) {
    }

    /**
     * Logs one change of {@code resource} (e.g. {@code topic:orders}) by {@code actor}: {@code outcome} is
     * {@link #OK} or the name of the error that refused it; {@code details} (no secrets) follow in their order.
     */
    public void record(Actor actor, String action, String resource, String outcome, Map<String, String> details) {
        StringBuilder line = new StringBuilder(160);
        append(line, "time", Instant.now(clock).toString());
        append(line, "via", actor.via());
        append(line, "principal", actor.principal());
        append(line, "source", actor.source());
        append(line, "client", actor.client());
        append(line, "action", action);
        append(line, "resource", resource);
        append(line, "outcome", outcome);
        details.forEach((key, value) -> append(line, key, value));
        LOG.log(System.Logger.Level.INFO, line.toString());
    }

    private static void append(StringBuilder line, String key, String value) {
        if (!line.isEmpty()) line.append(' ');
        line.append(key).append('=');
        if (value == null) {
            line.append('-');
        } else if (!value.isEmpty() && value.chars().noneMatch(AuditLog::needsQuotes)) {
            line.append(value);
        } else {
            line.append('"');
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"', '\\' -> line.append('\\').append(c);
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    default -> {
                        if (Character.isISOControl(c)) line.append(String.format("\\u%04x", (int) c));
                        else line.append(c);
                    }
                }
            }
            line.append('"');
        }
    }

    private static boolean needsQuotes(int c) {
        return Character.isWhitespace(c) || Character.isISOControl(c) || c == '"' || c == '=' || c == '\\';
    }
}
