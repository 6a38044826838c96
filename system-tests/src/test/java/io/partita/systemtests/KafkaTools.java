package io.partita.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apache Kafka's command-line tools, each run in a JVM of its own as Kafka's scripts run them
 * ({@code kafka-topics.sh} is {@code java org.apache.kafka.tools.TopicCommand}), against one bootstrap server.
 * Stateless apart from the bootstrap address; thread-safe.
 */
final class KafkaTools {

    static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    static final String CONFIGS = "org.apache.kafka.tools.ConfigCommand";
    static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String bootstrapServer;
    private final String classpath;

    KafkaTools(String bootstrapServer) {
        this.bootstrapServer = bootstrapServer;
        this.classpath = readClasspath();
    }

    String bootstrapServer() {
        return bootstrapServer;
    }

    /** Runs {@code mainClass --bootstrap-server <server> args...} with nothing on stdin. */
    ToolRun run(String mainClass, String... args) {
        return runWithInput("", mainClass, args);
    }

    /** Runs {@code mainClass --bootstrap-server <server> args...} with {@code stdin} as its input. */
    ToolRun runWithInput(String stdin, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Short-lived JVMs: start fast, as Kafka's scripts do for tools.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath, mainClass, "--bootstrap-server", bootstrapServer));
        command.addAll(List.of(args));
        return Processes.run(command, stdin, TIMEOUT, Map.of());
    }

    private static String readClasspath() {
        try {
            return Files.readString(Path.of(BuildSettings.required("kafka.tools.classpath.file"))).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
