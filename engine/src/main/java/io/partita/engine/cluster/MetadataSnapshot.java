package io.partita.engine.cluster;

import io.partita.engine.logging.RepeatedFailureLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * This node's copy of the cluster metadata, kept in its data directory so that a cluster whose every member
 * restarted (a single node, most often) finds its topics again: Hazelcast holds metadata only in memory.
 *
 * <p>The file holds the Hazelcast entries verbatim (key to JSON text). Written atomically (temp file, then
 * rename). Thread-safe.
 */
final class MetadataSnapshot {

    static final String FILE_NAME = "partita-metadata.json";

    private static final System.Logger LOG = System.getLogger(MetadataSnapshot.class.getName());
    private static final long REPORT_INTERVAL_MS = 30_000;

    private final Path file;
    private final RepeatedFailureLog failures;

    MetadataSnapshot(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
        this.failures = new RepeatedFailureLog(LOG, "Writing the metadata snapshot " + file, REPORT_INTERVAL_MS);
    }

    /**
     * Replaces the file with {@code entries}. A failure (a full disk) is logged once per interval with a count and
     * leaves the previous file: the snapshot only matters when the whole cluster restarts, and the node's metadata
     * changes (its own writes among them) must not fail with it.
     */
    synchronized void write(Map<String, String> entries) {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.writeString(tmp, MetadataJson.write(entries), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            failures.succeeded();
        } catch (IOException e) {
            failures.failed(e);
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // Overwritten by the next write.
        }
    }

    synchronized Optional<Map<String, String>> read() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(MetadataJson.readStringMap(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metadata snapshot " + file, e);
        }
    }
}
