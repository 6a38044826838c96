package io.partita.engine.txn;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What ListTransactions asks for; every empty criterion matches everything.
 *
 * @param states        Kafka state names ({@code Ongoing}), compared ignoring case
 * @param producerIds   producer ids
 * @param minDurationMs only transactions running at least this long; -1 for any
 * @param idPattern     a regular expression the whole transactional id must match; null for any
 */
public record TransactionFilter(Set<String> states, Set<Long> producerIds, long minDurationMs, Pattern idPattern) {

    boolean matches(TransactionMetadata m, long now) {
        boolean state = states.isEmpty() || states.stream().anyMatch(s -> s.toLowerCase(Locale.ROOT)
                .equals(m.state().kafkaName().toLowerCase(Locale.ROOT)));
        boolean producer = producerIds.isEmpty() || producerIds.contains(m.producerId());
        boolean duration = minDurationMs < 0 || (m.txnStartTimestampMs() >= 0 && now - m.txnStartTimestampMs() >= minDurationMs);
        boolean id = idPattern == null || idPattern.matcher(m.transactionalId()).matches();
        return state && producer && duration && id;
    }
}
