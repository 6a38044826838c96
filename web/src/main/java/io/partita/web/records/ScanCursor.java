package io.partita.web.records;

import io.partita.web.problem.ApiProblem;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code cursor} of a record search's next page: {@code partition:offset} pairs, comma-separated. */
final class ScanCursor {

    private ScanCursor() {
    }

    static Map<Integer, Long> parse(String cursor) {
        Map<Integer, Long> positions = new LinkedHashMap<>();
        for (String pair : cursor.split(",")) {
            String[] parts = pair.strip().split(":");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                long offset = Long.parseLong(parts[1]);
                if (offset < 0) throw new NumberFormatException();
                positions.put(Integer.parseInt(parts[0]), offset);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("cursor must be partition:offset pairs, comma-separated, as a search "
                        + "answered; was '" + cursor + "'");
            }
        }
        return positions;
    }
}
