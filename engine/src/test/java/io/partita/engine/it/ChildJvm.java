package io.partita.engine.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test's {@code main} class in a JVM of its own, on this JVM's class path, so that a test can kill it
 * without a clean shutdown ({@link Process#destroyForcibly()}). Stateless.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** The command that runs {@code main} with {@code args}; the caller redirects its output and starts it. */
    public static ProcessBuilder of(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
