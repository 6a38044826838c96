package io.partita.systemtests;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What starting a node with {@code bin/partita start} looks like from outside: the readiness probe while Payara
 * deploys the node's applications one after another, and what the launcher prints in the foreground.
 */
class NodeStartIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** {@code /health/ready} and {@code /api/node} asked one right after the other; -1: no answer (yet). */
    private record Probe(int ready, int api) {
    }

    /** What the launcher printed until it reported the node ready, and the node's log then. */
    private record ForegroundRun(List<String> printed, Path logFile, String log) {

        List<String> until(String text) {
            for (int i = 0; i < printed.size(); i++) if (printed.get(i).contains(text)) return printed.subList(0, i + 1);
            throw new AssertionError("no line with '" + text + "' in\n" + String.join("\n", printed));
        }
    }

    @Test
    void readinessIsNeverUpWhileTheApiIsMissingAndIsUpOnceEveryApplicationIsDeployed() throws Exception {
        int httpPort = FreePorts.next();
        List<Probe> probes = new CopyOnWriteArrayList<>();
        AtomicBoolean probing = new AtomicBoolean(true);
        ExecutorService prober = Executors.newSingleThreadExecutor();
        PartitaNodeProcess node = null;
        HttpResponse<String> ready;
        try {
            Future<?> probeLoop = prober.submit(() -> {
                while (probing.get()) {
                    probes.add(new Probe(status(httpPort, "/health/ready"), status(httpPort, "/api/node")));
                    Thread.sleep(20);
                }
                return null;
            });
            node = PartitaNodeProcess.startWithPrefix(List.of(), "127.0.0.1", START_TIMEOUT, 1, FreePorts.next(),
                    httpPort, Map.of(), List.of());
            probing.set(false);
            probeLoop.get(10, TimeUnit.SECONDS);

            ready = HTTP.send(request(httpPort, "/health/ready"), HttpResponse.BodyHandlers.ofString());
        } finally {
            probing.set(false);
            prober.shutdownNow();
            if (node != null) node.close();
        }
        System.out.printf("readiness during start: %d probes, %d with the API missing, first UP after %d%n",
                probes.size(), probes.stream().filter(p -> p.api() == 404).count(),
                probes.stream().takeWhile(p -> p.ready() != 200).count());
        assertThat(probes).as("probes while the applications were deployed").anyMatch(p -> p.api() == 404);
        assertThat(probes).as("readiness UP while the admin API answered 404").noneMatch(p -> p.ready() == 200 && p.api() == 404);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"partita-applications-deployed\",\"status\":\"UP\"")
                .contains("\"partita-node-ready\",\"status\":\"UP\"");
    }

    @Test
    void foregroundStartPrintsASummaryAndKeepsPayarasOutputInTheDataDirectory() throws Exception {
        ForegroundRun run = startInForegroundAndStop(List.of());

        assertThat(run.until("is ready")).as("printed before the node was ready").hasSizeLessThanOrEqualTo(3);
        List<String> summary = run.until("Ctrl-C stops it");
        assertThat(summary).as("printed until the node was ready").hasSizeLessThanOrEqualTo(15)
                .allMatch(line -> line.startsWith("partita: "))
                .anyMatch(line -> line.contains("log:") && line.endsWith(run.logFile().toString()))
                .anyMatch(line -> line.contains("log in as 'admin' with password "));
        assertThat(run.log()).containsPattern("Payara Micro .* ready in").contains("partita-web was successfully deployed");
    }

    @Test
    void verboseForegroundStartPrintsPayarasOutputToo() throws Exception {
        ForegroundRun run = startInForegroundAndStop(List.of("--verbose"));

        assertThat(run.until("is ready")).anyMatch(line -> line.matches(".*Payara Micro .* ready in.*"))
                .anyMatch(line -> line.contains("partita-web was successfully deployed"));
    }

    /**
     * Runs {@code bin/partita start} in the foreground on a new data directory until it reports the node ready, then
     * stops it as Ctrl-C would (the launcher forwards the signal to the node) and deletes the directory.
     */
    private static ForegroundRun startInForegroundAndStop(List<String> options) throws Exception {
        Path dataDir = Files.createTempDirectory("partita-node-foreground-");
        Path output = Files.createTempFile("partita-foreground-", ".out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(BuildSettings.required("partita.dist")).resolve("bin/partita").toString(), "start",
                "--kafka-port", String.valueOf(FreePorts.next()), "--http-port", String.valueOf(FreePorts.next()),
                "--data-dir", dataDir.toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PARTITA_JVM_OPTS", PartitaNodeProcess.FAST_START_JVM_OPTS);
        Process launcher = builder.start();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(launcher.isAlive()).as("launcher still running:\n" + Files.readString(output)).isTrue();
                return Files.readString(output).contains("Ctrl-C stops it");
            });
            Path log = dataDir.resolve("partita.log");
            return new ForegroundRun(Files.readAllLines(output), log, Files.readString(log));
        } finally {
            stop(launcher);
            Directories.keepLog(dataDir.resolve("partita.log"), dataDir.getFileName() + ".log");
            Directories.deleteRecursively(dataDir);
            Files.deleteIfExists(output);
        }
    }

    /** SIGTERM to the launcher, which stops the node; whatever outlives that is killed. */
    private static void stop(Process launcher) throws InterruptedException {
        List<ProcessHandle> descendants = launcher.descendants().toList();
        launcher.destroy();
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) launcher.destroyForcibly();
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int status(int httpPort, String path) throws InterruptedException {
        try {
            return HTTP.send(request(httpPort, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException refusedOrCutWhileStarting) {
            return -1;
        }
    }

    private static HttpRequest request(int httpPort, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).GET().build();
    }
}
