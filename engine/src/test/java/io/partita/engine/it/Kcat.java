package io.partita.engine.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kcat (librdkafka), the client outside Java the tests run against a node. It comes from Debian's package: .ci/run
 * installs it, and a test on a machine without it is skipped ({@link #assumeInstalled()}). Stateless.
 */
final class Kcat {

    private static final Path KCAT = Path.of("/usr/bin/kcat");

    /** What a finished kcat left. */
    record Result(int exitCode, String output, String errors) {
    }

    private Kcat() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(KCAT), "kcat is not installed");
    }

    /** The version of the librdkafka kcat runs on. */
    static Runtime.Version librdkafkaVersion() throws Exception {
        Matcher version = Pattern.compile("librdkafka (\\d+\\.\\d+\\.\\d+)")
                .matcher(output(new ProcessBuilder(KCAT.toString(), "-V").start()));
        assertThat(version.find()).as("kcat -V names its librdkafka").isTrue();
        return Runtime.Version.parse(version.group(1));
    }

    /** Starts kcat on {@code bootstrap} with librdkafka's {@code settings} ({@code -X name=value}) and kcat's {@code args}. */
    static Process start(String bootstrap, Map<String, String> settings, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(KCAT.toString(), "-b", bootstrap));
        settings.forEach((name, value) -> command.addAll(List.of("-X", name + "=" + value)));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    /** Waits up to 30 s for kcat to end (its input closed first) and returns what it left. */
    static Result finish(Process kcat) throws Exception {
        kcat.getOutputStream().close();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> text(kcat.getErrorStream()));
        String output = text(kcat.getInputStream());
        if (!kcat.waitFor(30, TimeUnit.SECONDS)) {
            kcat.destroyForcibly();
            throw new AssertionError("kcat did not finish in 30 s");
        }
        return new Result(kcat.exitValue(), output, errors.get(30, TimeUnit.SECONDS));
    }

    /** The output of a kcat that must succeed. */
    static String output(Process kcat) throws Exception {
        Result result = finish(kcat);
        assertThat(result.exitCode()).as("kcat exit code, stderr: %s", result.errors()).isZero();
        return result.output();
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
