package io.partita.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary directories the tests create: keeping their logs, removing them. Stateless. */
final class Directories {

    private Directories() {
    }

    /** Copies a log out of a directory about to be deleted into the build's it-logs directory, if it exists. */
    static void keepLog(Path log, String name) {
        if (!Files.exists(log)) return;
        try {
            Path kept = Path.of(BuildSettings.required("partita.it.logs"));
            Files.createDirectories(kept);
            Files.copy(log, kept.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
