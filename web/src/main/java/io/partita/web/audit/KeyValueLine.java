package io.partita.web.audit;

/**
 * One audit line as {@code key=value} pairs, quoted as the engine's audit log quotes them: a value that is empty or
 * holds whitespace, a quote, an equals sign, a backslash or a control character goes in double quotes with {@code "}
 * and {@code \} escaped, line breaks and tabs as {@code \n}, {@code \r}, {@code \t}, other control characters as
 * {@code \}{@code uXXXX}; an absent one is {@code -}. Not thread-safe.
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

    @Override
    public String toString() {
        return text.toString();
    }
}
