package io.partita.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * A Payara Server domain of its own, created in a temporary directory with a port base whose hundred ports are
 * free, started with {@code asadmin start-domain}. {@link #close()} stops the domain, kills it if it outlives
 * that, and deletes the directory; a shutdown hook kills it if the test JVM ends first. Not thread-safe.
 */
final class PayaraServerDomain implements AutoCloseable {

    private static final String DOMAIN = "partita";
    private static final Duration ASADMIN_TIMEOUT = Duration.ofSeconds(240);

    private final Path asadmin;
    private final Path domainDir;
    private final int portBase;
    private final Thread killOnExit = new Thread(this::kill, "kill-payara-domain");

    private PayaraServerDomain(Path asadmin, Path domainDir, int portBase) {
        this.asadmin = asadmin;
        this.domainDir = domainDir;
        this.portBase = portBase;
    }

    /** Creates and starts the domain; the server process inherits {@code environment}. */
    static PayaraServerDomain start(Map<String, String> environment) {
        Path home = Path.of(BuildSettings.required("payara.server.home"));
        try {
            PayaraServerDomain domain = new PayaraServerDomain(home.resolve("bin/asadmin"),
                    Files.createTempDirectory("partita-payara-"), freePortBase());
            Runtime.getRuntime().addShutdownHook(domain.killOnExit);
            try {
                domain.asadmin(Map.of(), "create-domain", "--domaindir", domain.domainDir.toString(),
                        "--portbase", String.valueOf(domain.portBase), "--nopassword=true", DOMAIN);
                domain.asadmin(environment, "start-domain", "--domaindir", domain.domainDir.toString(), DOMAIN);
            } catch (AssertionError | RuntimeException e) {
                domain.close();
                throw e;
            }
            return domain;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int httpPort() {
        return portBase + 80;
    }

    void deploy(Path archive) {
        asadmin(Map.of(), "--port", String.valueOf(adminPort()), "deploy", archive.toString());
    }

    /** {@code asadmin set name=value} on the running domain. */
    void set(String dottedName, String value) {
        asadmin(Map.of(), "--port", String.valueOf(adminPort()), "set", dottedName + "=" + value);
    }

    /** The whole server log so far. */
    String serverLog() throws IOException {
        return new String(Files.readAllBytes(domainDir.resolve(DOMAIN).resolve("logs/server.log")), StandardCharsets.UTF_8);
    }

    /** The end of the server log, for failure messages. */
    String serverLogTail() {
        try {
            List<String> lines = Files.readAllLines(domainDir.resolve(DOMAIN).resolve("logs/server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no server.log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(domainDir.resolve(DOMAIN))) {
                Processes.run(List.of(asadmin.toString(), "stop-domain", "--domaindir", domainDir.toString(), DOMAIN),
                        "", ASADMIN_TIMEOUT, Map.of());
            }
        } finally {
            kill();
            Directories.keepLog(domainDir.resolve(DOMAIN).resolve("logs/server.log"), domainDir.getFileName() + "-server.log");
            Directories.deleteRecursively(domainDir);
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing left to undo
            }
        }
    }

    private int adminPort() {
        return portBase + 48;
    }

    private void asadmin(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(asadmin.toString()));
        command.addAll(List.of(args));
        ToolRun run = Processes.run(command, "", ASADMIN_TIMEOUT, environment);
        if (run.exitCode() != 0) throw new AssertionError("asadmin failed\n" + run + "\n--- server.log (tail)\n" + serverLogTail());
    }

    private void kill() {
        Path pidFile = domainDir.resolve(DOMAIN).resolve("config/pid");
        try {
            if (!Files.exists(pidFile)) return;
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(server -> {
                server.destroyForcibly();
                server.onExit().join();
            });
        } catch (IOException | NumberFormatException e) {
            // no readable pid: the server never started or has removed its pid file on a clean stop
        }
    }

    private static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 100 * ThreadLocalRandom.current().nextInt(400);
            if (IntStream.range(base, base + 100).allMatch(PayaraServerDomain::isFree)) return base;
        }
        throw new IllegalStateException("No port base with 100 free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
