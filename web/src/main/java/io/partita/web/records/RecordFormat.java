package io.partita.web.records;

import io.partita.web.problem.ApiProblem;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** How the record browser shows keys, values and header values. Stateless. */
public enum RecordFormat {

    /** UTF-8 text (bytes that are not UTF-8 show as U+FFFD). */
    TEXT {
        @Override
        JsonValue render(byte[] bytes) {
            return Json.createValue(new String(bytes, StandardCharsets.UTF_8));
        }
    },
    /** The JSON the bytes hold, as JSON; bytes that are no JSON show as text. */
    JSON {
        @Override
        JsonValue render(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            try (JsonReader reader = READERS.createReader(new StringReader(text))) {
                return reader.readValue();
            } catch (JsonException notJson) {
                return Json.createValue(text);
            }
        }
    },
    /** Lower-case hex digits, two per byte. */
    HEX {
        @Override
        JsonValue render(byte[] bytes) {
            return Json.createValue(HexFormat.of().formatHex(bytes));
        }
    };

    /** Made once: {@code Json.createReader} looks its provider up again on every call, too slow for a search. */
    static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    /** The JSON to show for the bytes; JSON null for null bytes. */
    public JsonValue show(byte[] bytes) {
        return bytes == null ? JsonValue.NULL : render(bytes);
    }

    abstract JsonValue render(byte[] bytes);

    static RecordFormat named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("format must be text, json or hex, was " + name);
        }
    }
}
