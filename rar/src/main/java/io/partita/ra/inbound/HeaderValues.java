package io.partita.ra.inbound;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** Reads and writes the adapter's own headers, whose values are UTF-8 text. Stateless. */
final class HeaderValues {

    private HeaderValues() {
    }

    /** The last value of header {@code name}, or null when there is none. */
    static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The last value of header {@code name} as a number, or {@code absent} when there is none or it is no number. */
    static long number(Headers headers, String name, long absent) {
        String text = text(headers, name);
        if (text == null) return absent;
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    static void add(Headers headers, String name, Object value) {
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
