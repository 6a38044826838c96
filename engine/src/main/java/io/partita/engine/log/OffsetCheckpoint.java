package io.partita.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * One durable offset of a log kept in a file of its own: the log start offset (which can lie inside a segment
 * after DeleteRecords and so cannot be derived from file names) or the offset the cleaner has compacted up to.
 * Written to a temporary file, forced and renamed over the old one, so it is either the old or the new value after
 * a crash.
 *
 * <p>Not thread-safe: written under the owning log's lock.
 */
final class OffsetCheckpoint {

    private final Path file;

    OffsetCheckpoint(Path file) {
        this.file = file;
    }

    OptionalLong read() throws IOException {
        if (!Files.exists(file)) return OptionalLong.empty();
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException("Malformed offset checkpoint " + file + ": '" + text + "'", e);
        }
    }

    void write(long offset) throws IOException {
        Path temp = LogFileNames.tempFile(file);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Directories.fsync(file.getParent());
    }
}
