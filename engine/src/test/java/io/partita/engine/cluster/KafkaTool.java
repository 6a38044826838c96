package io.partita.engine.cluster;

import org.apache.kafka.common.utils.internals.Exit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one of Kafka's command-line tools (kafka-tools 4.4, in-process) through its {@code main}, as the shell
 * script would: what it printed on stdout and stderr, and its exit code ({@link Exit} is intercepted, so the JVM
 * stays up; what a tool prints after asking to exit, which a process would not, is left out). Not thread-safe: swaps
 * the process's streams while it runs.
 */
public final class KafkaTool {

    /** Log lines (slf4j-simple, java.util.logging) that other threads of the test's JVM write to the captured streams. */
    public static final Pattern LOG_LINE = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[|[A-Z][a-z]{2} \\d{1,2}, \\d{4} |(INFO|WARNING|SEVERE): )");

    public record Result(int exitCode, String output) {

        /** What the tool printed, line by line without trailing blanks, and without other threads' log lines. */
        public String printed() {
            return output.lines().map(String::stripTrailing).filter(l -> !LOG_LINE.matcher(l).find())
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    }

    /** Ends the tool where the process would have exited; a tool that catches it cannot undo the exit. */
    private static final class Exited extends RuntimeException {
        Exited() {
            super(null, null, false, false);
        }
    }

    /** The process's first exit: its status, and how much it had printed then (all a process would print). */
    private record ProcessExit(int status, int printed) {
    }

    private KafkaTool() {
    }

    public static synchronized Result run(Consumer<String[]> main, String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        AtomicReference<ProcessExit> exit = new AtomicReference<>();
        Exit.setExitProcedure((status, message) -> {
            exit.compareAndSet(null, new ProcessExit(status, printed.size()));
            throw new Exited();
        });
        System.setOut(capture);
        System.setErr(capture);
        try {
            main.accept(args);
        } catch (Exited e) {
            // recorded when the exit was asked for
        } finally {
            System.setOut(out);
            System.setErr(err);
            Exit.resetExitProcedure();
        }
        byte[] bytes = printed.toByteArray();
        ProcessExit end = exit.get() == null ? new ProcessExit(0, bytes.length) : exit.get();
        return new Result(end.status(), new String(bytes, 0, end.printed(), StandardCharsets.UTF_8));
    }
}
