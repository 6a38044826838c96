package io.partita.engine.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the operating system lets this process hold open, and so how many partition logs a node can keep: the
 * default of {@code max.broker.partitions}.
 *
 * <p>A partition log keeps one file descriptor per segment (its data file) and two memory mappings per segment (its
 * offset and time indexes; Linux caps a process's mappings at {@code vm.max_map_count}). A new partition has one
 * segment; the default allows two per partition on average. A quarter of each limit (at least {@value
 * #MIN_RESERVED_DESCRIPTORS} descriptors and {@value #MIN_RESERVED_MAPPINGS} mappings) stays for everything else:
 * client and replication connections, Payara's HTTP listener and jars, the JVM's own mappings and thread stacks.
 * Running out of either makes every new file or connection fail ("Too many open files", "Map failed"), which is
 * what the limit exists to prevent.
 *
 * <p>Immutable and thread-safe. {@link Long#MAX_VALUE} stands for a limit the platform does not report.
 */
public record ProcessFileLimits(long maxFileDescriptors, long maxMapCount) {

    static final int DESCRIPTORS_PER_PARTITION = 2;
    static final int MAPPINGS_PER_PARTITION = 4;
    static final int MIN_RESERVED_DESCRIPTORS = 1024;
    static final int MIN_RESERVED_MAPPINGS = 4096;
    private static final Path MAX_MAP_COUNT = Path.of("/proc/sys/vm/max_map_count");

    private static final class OfThisProcess {
        static final ProcessFileLimits LIMITS = new ProcessFileLimits(readMaxFileDescriptors(), readMaxMapCount());
    }

    /** This process's limits, read once: {@code RLIMIT_NOFILE} (as the JVM raised it) and {@code vm.max_map_count}. */
    public static ProcessFileLimits ofThisProcess() {
        return OfThisProcess.LIMITS;
    }

    /** How many partitions these limits hold, by the costs above; at least 1. */
    public int partitions() {
        long byDescriptors = spare(maxFileDescriptors, MIN_RESERVED_DESCRIPTORS) / DESCRIPTORS_PER_PARTITION;
        long byMappings = spare(maxMapCount, MIN_RESERVED_MAPPINGS) / MAPPINGS_PER_PARTITION;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(byDescriptors, byMappings)));
    }

    @Override
    public String toString() {
        return "open-file limit " + shown(maxFileDescriptors) + ", vm.max_map_count " + shown(maxMapCount);
    }

    private static long spare(long limit, long minReserved) {
        if (limit == Long.MAX_VALUE) return Long.MAX_VALUE;
        return Math.max(0, limit - Math.max(minReserved, limit / 4));
    }

    private static String shown(long limit) {
        return limit == Long.MAX_VALUE ? "unknown" : Long.toString(limit);
    }

    private static long readMaxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) return unix.getMaxFileDescriptorCount();
        return Long.MAX_VALUE;
    }

    private static long readMaxMapCount() {
        // One buffered read: a sysctl file answers a read past offset 0 with end of file, so Files.readString,
        // which starts with a single byte for a file of size 0, would see "6" of "65530".
        try (BufferedReader reader = Files.newBufferedReader(MAX_MAP_COUNT)) {
            String line = reader.readLine();
            return line == null ? Long.MAX_VALUE : Long.parseLong(line.trim());
        } catch (IOException | NumberFormatException e) {
            // Not Linux (or no /proc): the platform has no such cap that we can read.
            return Long.MAX_VALUE;
        }
    }
}
