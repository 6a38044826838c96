package io.partita.web.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit line as {@code key=value} pairs, quoted as the engine's audit log quotes them: a value that is empty or
 * holds whitespace, a quote, an equals sign, a backslash or a control character goes in double quotes with {@code "}
 * and {@code \} escaped, line breaks and tabs as {@code \n}, {@code \r}, {@code \t}, other control characters as
 * {@code \}{@code uXXXX}; an absent one is {@code -}. {@link #pairs} reads such a line back. Not thread-safe.
 */
final class KeyValueLine {

    private final StringBuilder text = new StringBuilder(160);

    KeyValueLine add(String key, String value) {
        if (!text.isEmpty()) text.append(' ');
        text.append(key).append('=');
        if (value == null) {
            text.append('-');
            return this;
        }
        boolean quoted = value.isEmpty() || value.chars().anyMatch(c ->
                Character.isWhitespace(c) || Character.isISOControl(c) || c == '"' || c == '=' || c == '\\');
        if (!quoted) {
            text.append(value);
            return this;
        }
        text.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"', '\\' -> text.append('\\').append(c);
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        text.append('"');
        return this;
    }

    /** The pairs of a line in this form, in their order; an absent value ({@code -}) is left out. */
    static Map<String, String> pairs(String line) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int at = 0;
        while (at < line.length()) {
            int equals = line.indexOf('=', at);
            if (equals < 0) break;
            String key = line.substring(at, equals).strip();
            StringBuilder value = new StringBuilder();
            int next = equals + 1;
            if (next < line.length() && line.charAt(next) == '"') {
                next = unquote(line, next + 1, value);
            } else {
                int space = line.indexOf(' ', next);
                int end = space < 0 ? line.length() : space;
                value.append(line, next, end);
                next = end;
            }
            if (!(value.length() == 1 && value.charAt(0) == '-')) pairs.put(key, value.toString());
            at = next + 1;
        }
        return pairs;
    }

    /** Reads a quoted value from {@code at} (after its opening quote) into value; where its closing quote is. */
    private static int unquote(String line, int at, StringBuilder value) {
        int i = at;
        while (i < line.length() && line.charAt(i) != '"') {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char escaped = line.charAt(++i);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(line.substring(i + 1, Math.min(i + 5, line.length())), 16));
                        i += 4;
                    }
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
            }
            i++;
        }
        return i + 1;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
