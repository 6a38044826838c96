package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The high watermarks of every partition in a data directory, in the file {@code replication-offset-checkpoint}
 * in Kafka's text format: a version line ({@code 0}), a count line, then one {@code <topic> <partition> <offset>}
 * line per partition. Written to a temporary file, forced and renamed over the old one, so after a crash it holds
 * either the old or the new set.
 *
 * <p>Thread-safe: writes are serialized on this object.
 */
final class HighWatermarkCheckpoint {

    static final String FILE_NAME = "replication-offset-checkpoint";
    private static final int VERSION = 0;

    private final Path file;

    HighWatermarkCheckpoint(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** The checkpointed high watermarks; empty when there is no file yet. */
    Map<TopicPartition, Long> read() throws IOException {
        Map<TopicPartition, Long> result = new HashMap<>();
        if (!Files.exists(file)) return result;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) throw malformed("unknown version");
            int count = Integer.parseInt(lines.get(1).trim());
            if (lines.size() < 2 + count) throw malformed("expected " + count + " entries, found " + (lines.size() - 2));
            for (String line : lines.subList(2, 2 + count)) {
                // Topic names cannot contain spaces, so the last two fields are always the numbers.
                String[] fields = line.trim().split(" ");
                if (fields.length != 3) throw malformed("bad entry '" + line + "'");
                result.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
            }
        } catch (NumberFormatException e) {
            throw malformed(e.getMessage());
        }
        return result;
    }

    synchronized void write(Map<TopicPartition, Long> highWatermarks) throws IOException {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(highWatermarks.size()).append('\n');
        highWatermarks.forEach((tp, hw) -> text.append(tp.topic()).append(' ').append(tp.partition()).append(' ').append(hw).append('\n'));
        Path temp = LogFileNames.tempFile(file);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) channel.write(bytes);
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Directories.fsync(file.getParent());
    }

    private IOException malformed(String why) {
        return new IOException("Malformed high watermark checkpoint " + file + ": " + why);
    }
}
