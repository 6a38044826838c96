package io.partita.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux tells of one process: its resident memory ({@code VmRSS} of {@code /proc/<pid>/status}) and its open
 * files (the entries of {@code /proc/<pid>/fd}, sockets included). Stateless beyond the pid; thread-safe.
 */
final class ProcessGauges {

    private final Path proc;

    ProcessGauges(long pid) {
        this.proc = Path.of("/proc", Long.toString(pid));
    }

    boolean isAlive() {
        return Files.isDirectory(proc);
    }

    /** Resident memory in KiB. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IOException("no VmRSS in " + proc.resolve("status"));
    }

    long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return fds.count();
        }
    }
}
