package io.partita.web.records;

import io.partita.web.problem.ApiProblem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a record search keeps: every condition given must hold. Key and value contain a text (UTF-8, case-sensitive);
 * a JSON field of the value matches ({@link JsonFieldCondition}); a header of that name is there, with that value
 * when {@code name=value} is given; the timestamp lies in [from, to] (ms, both inclusive). Immutable.
 */
final class RecordFilter {

    private final byte[] key;
    private final byte[] value;
    private final JsonFieldCondition jsonField;
    private final String headerName;
    private final byte[] headerValue;
    private final Long from;
    private final Long to;

    RecordFilter(String key, String value, String jsonField, String header, Long from, Long to) {
        if (from != null && to != null && from > to) {
            throw ApiProblem.badRequest("from (" + from + ") must not be after to (" + to + ")");
        }
        this.key = utf8(key);
        this.value = utf8(value);
        this.jsonField = blank(jsonField) ? null : JsonFieldCondition.parse(jsonField);
        if (blank(header)) {
            headerName = null;
            headerValue = null;
        } else {
            int at = header.indexOf('=');
            headerName = (at < 0 ? header : header.substring(0, at)).strip();
            headerValue = at < 0 ? null : header.substring(at + 1).strip().getBytes(StandardCharsets.UTF_8);
            if (headerName.isEmpty()) throw ApiProblem.badRequest("header must be name or name=value, was '" + header + "'");
        }
        this.from = from;
        this.to = to;
    }

    Long from() {
        return from;
    }

    Long to() {
        return to;
    }

    boolean matches(ConsumerRecord<byte[], byte[]> record) {
        if (from != null && record.timestamp() < from) return false;
        if (to != null && record.timestamp() > to) return false;
        if (key != null && (record.key() == null || Bytes.indexOf(record.key(), key) < 0)) return false;
        if (value != null && (record.value() == null || Bytes.indexOf(record.value(), value) < 0)) return false;
        if (headerName != null && !hasHeader(record)) return false;
        return jsonField == null || jsonField.matches(record.value());
    }

    private boolean hasHeader(ConsumerRecord<byte[], byte[]> record) {
        for (Header header : record.headers().headers(headerName)) {
            if (headerValue == null || Arrays.equals(headerValue, header.value())) return true;
        }
        return false;
    }

    private static byte[] utf8(String text) {
        return blank(text) ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean blank(String text) {
        return text == null || text.isEmpty();
    }
}
