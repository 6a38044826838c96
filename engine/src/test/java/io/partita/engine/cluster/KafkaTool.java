package io.partita.engine.cluster;

import org.apache.kafka.common.utils.internals.Exit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Runs one of Kafka's command-line tools (kafka-tools 4.4, in-process) through its {@code main}, as the shell
 * script would: what it printed on stdout and stderr, and its exit code ({@link Exit} is intercepted, so the JVM
 * stays up). Not thread-safe: swaps the process's streams while it runs.
 */
public final class KafkaTool {

    public record Result(int exitCode, String output) {
    }

    private static final class Exited extends RuntimeException {
        final int code;

        Exited(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private KafkaTool() {
    }

    public static synchronized Result run(Consumer<String[]> main, String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int code = 0;
        Exit.setExitProcedure((status, message) -> {
            throw new Exited(status);
        });
        System.setOut(capture);
        System.setErr(capture);
        try {
            main.accept(args);
        } catch (Exited e) {
            code = e.code;
        } finally {
            System.setOut(out);
            System.setErr(err);
            Exit.resetExitProcedure();
        }
        return new Result(code, printed.toString(StandardCharsets.UTF_8));
    }
}
