package io.partita.web.records;

import java.util.Map;

/**
 * The body of {@code POST /api/records/{topic}} (and each element of {@code .../batch}): a test record, key, value
 * and header values as UTF-8 text; a null value is a tombstone. Without a partition the producer's partitioner chooses. Mutable.
 */
public class ProduceRequest {
    public Integer partition;
    public String key;
    public String value;
    public Map<String, String> headers;
}
