package io.partita.engine.protocol;

import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One change an admin request asked for, as its answer judged it: the resource ({@code topic:orders},
 * {@code partition:orders-0}, {@code group:shop}, {@code broker:1}), the error that refused it ({@link Errors#NONE}
 * when made) and its details in order, secrets already masked. Immutable once built; built by one thread.
 */
record AdminChange(String resource, Errors error, Map<String, String> details) {

    static AdminChange of(String resource, short errorCode, String errorMessage) {
        AdminChange change = new AdminChange(resource, Errors.forCode(errorCode), new LinkedHashMap<>());
        return errorCode == Errors.NONE.code() || errorMessage == null ? change : change.with("message", errorMessage);
    }

    /** This change with one more detail (added last). */
    AdminChange with(String key, Object value) {
        details.put(key, value == null ? null : String.valueOf(value));
        return this;
    }

    static String topic(String name) {
        return "topic:" + name;
    }

    static String partition(String topic, int partition) {
        return "partition:" + topic + "-" + partition;
    }
}
