package io.partita.systemtests;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a stopped node's replica of a partition straight from its segment files
 * ({@code <data dir>/kafka-logs/<topic>-<p>/<base offset>.log}, in base-offset order) with kafka-clients'
 * {@link FileRecords}: the (offset, value) of every data record, control batches left out. Stateless.
 */
final class ReplicaLogs {

    /** One record of a replica's log. */
    record Entry(long offset, String value) {
    }

    private ReplicaLogs() {
    }

    /** The records of {@code topic}-{@code partition} under {@code dataDir}; empty when the replica has no directory. */
    static List<Entry> read(Path dataDir, String topic, int partition) {
        Path dir = dataDir.resolve("kafka-logs").resolve(topic + "-" + partition);
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) return entries;
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path segment : segments) {
            try (FileRecords records = FileRecords.open(segment.toFile())) {
                for (FileChannelRecordBatch batch : records.batches()) {
                    if (batch.isControlBatch()) continue;
                    for (Record record : batch) {
                        entries.add(new Entry(record.offset(), text(record.value())));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + segment, e);
            }
        }
        return entries;
    }

    private static String text(ByteBuffer value) {
        if (value == null) return null;
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
