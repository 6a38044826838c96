package io.partita.ra;

import jakarta.resource.spi.InvalidPropertyException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the free-form client settings of a config property: {@code name=value} pairs separated by {@code ;}
 * ({@code "max.in.flight.requests.per.connection=1; retries=5"}). Stateless.
 */
public final class NameValuePairs {

    private NameValuePairs() {
    }

    /**
     * @param property the config property the text came from, named in the error
     * @param text     the pairs; null or blank gives none
     * @throws InvalidPropertyException when a pair has no {@code =} or no name
     */
    public static Map<String, String> parse(String property, String text) throws InvalidPropertyException {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (text == null) return pairs;
        for (String pair : text.split(";")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new InvalidPropertyException(property + ": '" + pair.strip() + "' is not name=value");
            }
            pairs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return pairs;
    }
}
