package io.partita.web.records;

import java.util.Map;

/**
 * The body of {@code POST /api/records/{topic}}: a test record, key, value and header values as UTF-8 text.
 * Without a partition the producer's partitioner chooses. Mutable.
 */
public class ProduceRequest {
    public Integer partition;
    public String key;
    public String value;
    public Map<String, String> headers;
}
