package io.partita.systemtests;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node started with {@code bin/partita start --daemon} from the dist layout, on free ports and a data dir of
 * its own. {@link #close()} stops it with {@code bin/partita stop}, kills whatever outlives that, and deletes the
 * data dir; a shutdown hook does the killing too if the test JVM ends first. The system tests' one node fixture:
 * {@link PerClass} keeps one for a test class, {@link SecuredNode} one with logins for the whole run, and
 * {@link PartitaCluster} several in one cluster. Not thread-safe.
 */
final class PartitaNodeProcess implements AutoCloseable {

    /** A test node serves little traffic: start it fast (C1 only, serial GC) rather than tuned for throughput. */
    static final String FAST_START_JVM_OPTS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final Path launcher;
    /** Put before the launcher on every command line, e.g. {@code ip netns exec <namespace>}; usually empty. */
    private final List<String> commandPrefix;
    private final String host;
    private final Duration startTimeout;
    private final Path dataDir;
    private final int kafkaPort;
    private final int httpPort;
    private final List<String> launcherOptions;
    private final Thread killOnExit;
    private int nodeId;
    private List<Path> apps;
    private Map<String, String> environment;
    private ProcessHandle node;

    private PartitaNodeProcess(Path launcher, Path dataDir, int kafkaPort, int httpPort, List<String> launcherOptions) {
        this(List.of(), launcher, "127.0.0.1", START_TIMEOUT, dataDir, kafkaPort, httpPort, launcherOptions);
    }

    private PartitaNodeProcess(List<String> commandPrefix, Path launcher, String host, Duration startTimeout,
                               Path dataDir, int kafkaPort, int httpPort, List<String> launcherOptions) {
        this.commandPrefix = commandPrefix;
        this.host = host;
        this.startTimeout = startTimeout;
        this.launcher = launcher;
        this.launcherOptions = launcherOptions;
        this.dataDir = dataDir;
        this.kafkaPort = kafkaPort;
        this.httpPort = httpPort;
        this.killOnExit = new Thread(this::kill, "kill-partita-node");
    }

    /**
     * Starts node {@code nodeId} and returns once {@code bin/partita} reports it ready; {@code launcherOptions}
     * are further options of {@code bin/partita start} (e.g. {@code --users FILE}), used again by a restart.
     */
    static PartitaNodeProcess start(int nodeId, String... launcherOptions) {
        return start(nodeId, List.of(), Map.of(), List.of(launcherOptions));
    }

    /**
     * Starts node {@code nodeId} with {@code apps} deployed after Partita's modules ({@code --deploy}) and
     * {@code environment} added to bin/partita's (node settings as {@code PARTITA_<NAME>}).
     */
    static PartitaNodeProcess start(int nodeId, List<Path> apps, Map<String, String> environment) {
        return start(nodeId, apps, environment, List.of());
    }

    /** Starts node {@code nodeId} with {@code environment} added to bin/partita's and further launcher options. */
    static PartitaNodeProcess start(int nodeId, List<Path> apps, Map<String, String> environment,
                                    List<String> launcherOptions) {
        Path dist = Path.of(BuildSettings.required("partita.dist"));
        try {
            PartitaNodeProcess process = new PartitaNodeProcess(dist.resolve("bin/partita"),
                    Files.createTempDirectory("partita-node-" + nodeId + "-"), FreePorts.next(), FreePorts.next(),
                    launcherOptions);
            process.launch(nodeId, apps, environment);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts node {@code nodeId} through {@code commandPrefix} (e.g. {@code ip netns exec ns-1}, so that it runs in a
     * network namespace) on the given ports, reached by clients at {@code host}, waiting up to {@code startTimeout}.
     * The node settings that make it listen on {@code host} are the caller's, in {@code environment}.
     */
    static PartitaNodeProcess startWithPrefix(List<String> commandPrefix, String host, Duration startTimeout, int nodeId,
                                              int kafkaPort, int httpPort, Map<String, String> environment,
                                              List<String> launcherOptions) {
        Path dist = Path.of(BuildSettings.required("partita.dist"));
        try {
            PartitaNodeProcess process = new PartitaNodeProcess(commandPrefix, dist.resolve("bin/partita"), host,
                    startTimeout, Files.createTempDirectory("partita-node-" + nodeId + "-"), kafkaPort, httpPort,
                    launcherOptions);
            process.launch(nodeId, List.of(), environment);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServer() {
        return host + ":" + kafkaPort;
    }

    /** The node's data directory ({@code kafka-logs/}, {@code partita.log}); deleted by {@link #close()}. */
    Path dataDir() {
        return dataDir;
    }

    int httpPort() {
        return httpPort;
    }

    int nodeId() {
        return nodeId;
    }

    boolean isAlive() {
        return node != null && node.isAlive();
    }

    /** Kills the node with SIGKILL, as a crash would: no shutdown, no flush; its data directory stays. */
    void killHard() {
        kill();
    }

    /**
     * Stops the node's process with SIGSTOP, as a long GC pause, a swapped-out machine or a hung VM would: it holds its
     * sockets and answers nothing until {@link #resume()}.
     */
    void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} node run on (SIGCONT). */
    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (node == null || !node.isAlive()) throw new IllegalStateException("node " + nodeId + " is not running");
        ToolRun run = Processes.run(List.of("kill", "-" + name, Long.toString(node.pid())), "", Duration.ofSeconds(10), Map.of());
        if (run.exitCode() != 0) throw new AssertionError("kill -" + name + " failed: " + run);
    }

    /** Starts the node again on the same data directory, ports and applications, after {@link #killHard()}. */
    void restart() {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        launch(nodeId, apps, environment);
    }

    private void launch(int nodeId, List<Path> apps, Map<String, String> environment) {
        this.nodeId = nodeId;
        this.apps = apps;
        this.environment = environment;
        Runtime.getRuntime().addShutdownHook(killOnExit);
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(launcher.toString(), "start", "--daemon",
                "--node-id", String.valueOf(nodeId),
                "--kafka-port", String.valueOf(kafkaPort),
                "--http-port", String.valueOf(httpPort),
                "--data-dir", dataDir.toString()));
        command.addAll(launcherOptions);
        apps.forEach(app -> command.addAll(List.of("--deploy", app.toString())));
        Map<String, String> launcherEnvironment = new HashMap<>(environment);
        launcherEnvironment.putIfAbsent("PARTITA_JVM_OPTS", FAST_START_JVM_OPTS);
        ToolRun run = Processes.run(command, "", startTimeout, launcherEnvironment);
        node = pid().flatMap(ProcessHandle::of).orElse(null);
        if (run.exitCode() != 0) {
            String log = logTail();
            close();
            throw new AssertionError("bin/partita start failed\n" + run + "\n--- partita.log (tail)\n" + log);
        }
    }

    /**
     * Stops the node with {@code bin/partita stop} (a clean shutdown) and kills it if it outlives that; keeps its data
     * directory. Answers whether it stopped cleanly.
     */
    boolean stop() {
        boolean clean = false;
        try {
            List<String> command = new ArrayList<>(commandPrefix);
            command.addAll(List.of(launcher.toString(), "stop", "--data-dir", dataDir.toString()));
            clean = Processes.run(command, "", STOP_TIMEOUT, Map.of()).exitCode() == 0;
        } finally {
            clean &= node == null || !node.isAlive();
            kill();
        }
        return clean;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            Directories.keepLog(dataDir.resolve("partita.log"), dataDir.getFileName() + ".log");
            Directories.deleteRecursively(dataDir);
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing left to undo
            }
        }
    }

    private void kill() {
        if (node != null && node.isAlive()) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            node.onExit().join();
        }
    }

    private Optional<Long> pid() {
        try {
            Path pidFile = dataDir.resolve("partita.pid");
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("partita.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no partita.log: " + e.getMessage() + ")";
        }
    }

    /**
     * For {@code @RegisterExtension} on a static field: one node for all the tests of a class, started before the first
     * and stopped (its data deleted) after the last, whatever their outcome. With system property
     * {@value #EXTERNAL_BOOTSTRAP}{@code =host:port} it starts nothing and points the tests at that broker instead (to
     * check a test against Apache Kafka itself). Not thread-safe.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        static final String EXTERNAL_BOOTSTRAP = "partita.it.bootstrap";

        private PartitaNodeProcess node;
        private String bootstrapServer;

        @Override
        public void beforeAll(ExtensionContext context) {
            String external = System.getProperty(EXTERNAL_BOOTSTRAP);
            if (external != null && !external.isBlank()) {
                bootstrapServer = external;
            } else {
                node = PartitaNodeProcess.start(1);
                bootstrapServer = node.bootstrapServer();
            }
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (node != null) node.close();
        }

        String bootstrapServer() {
            return bootstrapServer;
        }
    }
}
