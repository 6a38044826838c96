package io.partita.web.audit;

import java.util.Map;

/**
 * One admin change of the audit log, as {@code GET /api/audit} lists it. Immutable.
 *
 * @param time     when (ISO-8601 UTC)
 * @param via      {@code rest} (the admin API) or {@code kafka} (a Kafka client)
 * @param user     who: the API's user, or the Kafka principal's name
 * @param source   the client's address
 * @param client   the Kafka client id; none for the API
 * @param action   the HTTP method or the Kafka API, e.g. {@code DELETE} or {@code CreateTopics}
 * @param resource what was changed: the API's path or the engine's {@code type:name}
 * @param outcome  {@code ok}, or the error that refused the change
 * @param details  the rest of the line: status, message, the change's own details
 */
public record AuditEntry(String time, String via, String user, String source, String client, String action,
                         String resource, String outcome, Map<String, String> details) {

    private static final String KAFKA_USER = "User:";

    /** The entry of an audit line ({@link KeyValueLine}'s form; the engine's names its user {@code principal}). */
    static AuditEntry of(String line) {
        Map<String, String> pairs = KeyValueLine.pairs(line);
        String time = pairs.remove("time");
        String via = pairs.remove("via");
        String user = pairs.remove("user");
        String principal = pairs.remove("principal");
        if (user == null && principal != null) {
            user = principal.startsWith(KAFKA_USER) ? principal.substring(KAFKA_USER.length()) : principal;
        }
        return new AuditEntry(time, via, user, pairs.remove("source"), pairs.remove("client"), pairs.remove("action"),
                pairs.remove("resource"), pairs.remove("outcome"), Map.copyOf(pairs));
    }
}
