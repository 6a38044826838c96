package io.partita.engine.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small tmpfs mounted at a directory for one test: a disk a test fills (a filler file takes all of it but a given
 * number of bytes) and frees again. Mounting needs root; {@link #mount} skips the test (a failed assumption saying
 * why) where it cannot mount. {@link #close()} unmounts, lazily when a file in it is still open, and must run after
 * whatever uses the directory has stopped. Not thread-safe.
 */
public final class Tmpfs implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final Path dir;
    private final Path filler;
    private boolean mounted = true;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler.bin");
    }

    /** Mounts a tmpfs of {@code sizeBytes} at {@code dir} (created if missing), or skips the test. */
    public static Tmpfs mount(Path dir, long sizeBytes) {
        assumeTrue(run("id", "-u").output().strip().equals("0"), "mounting a tmpfs needs root (CI runs the build as root)");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result mount = run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes, "partita-test-tmpfs", dir.toString());
        assumeTrue(mount.exitCode() == 0, "mount -t tmpfs failed here (a container without CAP_SYS_ADMIN?): " + mount.output());
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    public long usableBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a filler file until at most {@code leaveFree} bytes are free; with 0, until the disk is full (the write
     * that finds no space ends it). Returns the filler's size.
     */
    public long fill(long leaveFree) {
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (leaveFree == 0 || usableBytes() - CHUNK >= leaveFree) out.write(chunk);
        } catch (IOException full) {
            if (leaveFree > 0) throw new UncheckedIOException(full);
        }
        try {
            return Files.size(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the filler file. */
    public void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!mounted) return;
        mounted = false;
        Result unmount = run("umount", dir.toString());
        if (unmount.exitCode() == 0) return;
        Result lazy = run("umount", "-l", dir.toString());
        if (lazy.exitCode() != 0) throw new IllegalStateException("cannot unmount " + dir + ": " + unmount.output() + lazy.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
