package io.partita.web.records;

import io.partita.web.problem.ApiProblem;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * A condition on a field of a JSON value: {@code customer.country=DE} (equal) or {@code customer.id~c-00} (contains).
 * The path names object members separated by dots, and array elements by their index ({@code items.0.sku}); a
 * leading {@code $.} is allowed, {@code ==} means {@code =}, and the wanted value may be in double quotes. A string
 * field compares by its text, a number numerically when the wanted value is a number, anything else by its JSON
 * text. Values that are no JSON, or have no such field, do not match. Immutable.
 */
final class JsonFieldCondition {

    /** Made once: {@code Json.createParser} looks its provider up again on every call, too slow for a search. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final Pattern SEGMENT = Pattern.compile("[^.\\s]+");

    private final List<String> path;
    private final boolean contains;
    private final String wanted;
    private final BigDecimal wantedNumber;
    private final byte[] wantedBytes;

    private JsonFieldCondition(List<String> path, boolean contains, String wanted) {
        this.path = path;
        this.contains = contains;
        this.wanted = wanted;
        this.wantedNumber = contains ? null : number(wanted);
        this.wantedBytes = wanted.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code path=value} or {@code path~value}; a 400 problem saying the syntax when it is not that. */
    static JsonFieldCondition parse(String text) {
        int at = indexOfOperator(text);
        if (at <= 0) throw wrong(text);
        boolean contains = text.charAt(at) == '~';
        String path = text.substring(0, at).strip();
        int valueAt = at + 1;
        if (!contains && valueAt < text.length() && text.charAt(valueAt) == '=') valueAt++;
        String wanted = text.substring(valueAt).strip();
        if (wanted.length() >= 2 && wanted.startsWith("\"") && wanted.endsWith("\"")) {
            wanted = wanted.substring(1, wanted.length() - 1);
        }
        if (path.startsWith("$.")) path = path.substring(2);
        List<String> segments = List.of(path.split("\\.", -1));
        if (!segments.stream().allMatch(segment -> SEGMENT.matcher(segment).matches())) throw wrong(text);
        return new JsonFieldCondition(segments, contains, wanted);
    }

    boolean matches(byte[] value) {
        if (value == null || !mayMatch(value)) return false;
        JsonValue field;
        // From a String: several times faster than the parser's own decoding of an InputStream.
        try (JsonParser parser = PARSERS.createParser(new StringReader(new String(value, StandardCharsets.UTF_8)))) {
            field = find(parser);
        } catch (JsonException | IllegalStateException | NoSuchElementException notJson) {
            return false;
        }
        if (field == null) return false;
        if (wantedNumber != null && field instanceof JsonNumber number) {
            return number.bigDecimalValue().compareTo(wantedNumber) == 0;
        }
        String text = field instanceof JsonString string ? string.getString() : field.toString();
        return contains ? text.contains(wanted) : text.equals(wanted);
    }

    // Saves parsing the many values that cannot match: the wanted text must be in the raw bytes unless JSON escapes
    // (a backslash) could spell it otherwise, or it is compared as a number (1.50 equals 1.5).
    private boolean mayMatch(byte[] value) {
        return wantedNumber != null || Bytes.indexOf(value, wantedBytes) >= 0 || Bytes.indexOf(value, (byte) '\\') >= 0;
    }

    /** The field's value, reading only as far as it and building nothing else; null when there is none. */
    private JsonValue find(JsonParser parser) {
        JsonParser.Event event = parser.next();
        for (String segment : path) {
            if (event == JsonParser.Event.START_OBJECT) {
                while ((event = parser.next()) == JsonParser.Event.KEY_NAME) {
                    String name = parser.getString();
                    event = parser.next();
                    if (name.equals(segment)) break;
                    skip(parser, event);
                }
                if (event == JsonParser.Event.END_OBJECT) return null;
            } else if (event == JsonParser.Event.START_ARRAY && isIndex(segment)) {
                int index = Integer.parseInt(segment);
                for (int i = 0; (event = parser.next()) != JsonParser.Event.END_ARRAY; i++) {
                    if (i == index) break;
                    skip(parser, event);
                }
                if (event == JsonParser.Event.END_ARRAY) return null;
            } else {
                return null;
            }
        }
        return parser.getValue();
    }

    private static void skip(JsonParser parser, JsonParser.Event event) {
        if (event == JsonParser.Event.START_OBJECT) parser.skipObject();
        if (event == JsonParser.Event.START_ARRAY) parser.skipArray();
    }

    private static boolean isIndex(String segment) {
        return segment.length() < 10 && segment.chars().allMatch(Character::isDigit);
    }

    private static int indexOfOperator(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '=' || text.charAt(i) == '~') return i;
        }
        return -1;
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static ApiProblem wrong(String text) {
        return ApiProblem.badRequest("jsonField must be a path, = or ~ (contains) and a value, such as "
                + "customer.country=DE or items.0.sku~sku-1; was '" + text + "'");
    }
}
