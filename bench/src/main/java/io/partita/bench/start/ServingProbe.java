package io.partita.bench.start;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches a broker that is being launched and prints when it first serves, for bench/run-start.sh.
 *
 * <p>Usage: {@code ServingProbe BOOTSTRAP [HEALTH_URL] TIMEOUT_SECONDS}. The probe starts before the broker, loads
 * its own classes, prints {@value #ARMED} and waits for a line on stdin (the script's launch signal), so that its
 * own start-up falls outside the measurement. From then on it polls about every {@value #POLL_MS} ms: a Kafka
 * admin client's describe-cluster (ApiVersions, then Metadata, answered with at least one broker) and, when given,
 * HEALTH_URL until it answers 200. It prints {@code kafka EPOCH_MS} and {@code ready EPOCH_MS}, the wall-clock
 * time of each first answer, and exits 0; 1 when the timeout passes first.
 */
public final class ServingProbe {

    static final String ARMED = "PROBE ARMED";
    static final long POLL_MS = 50;

    private ServingProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ServingProbe BOOTSTRAP [HEALTH_URL] TIMEOUT_SECONDS");
            System.exit(2);
        }
        String bootstrap = args[0];
        String health = args.length == 3 ? args[1] : null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[args.length - 1]));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, POLL_MS,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, POLL_MS,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, POLL_MS,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, POLL_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            System.out.println(ARMED);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            CompletableFuture<Long> kafka = CompletableFuture.supplyAsync(() -> firstKafkaAnswer(admin, deadline));
            CompletableFuture<Long> ready = health == null
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> firstReady(http, URI.create(health), deadline));
            Long kafkaAt = kafka.join();
            Long readyAt = ready.join();
            if (kafkaAt == null || (health != null && readyAt == null)) {
                System.out.println("timeout");
                System.exit(1);
            }
            System.out.println("kafka " + kafkaAt);
            if (readyAt != null) {
                System.out.println("ready " + readyAt);
            }
        }
    }

    private static Long firstKafkaAnswer(Admin admin, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                        .get(3, TimeUnit.SECONDS).isEmpty()) {
                    return System.currentTimeMillis();
                }
            } catch (ExecutionException | TimeoutException e) {
                // not serving yet: the admin client reconnects every POLL_MS
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            pause();
        }
        return null;
    }

    private static Long firstReady(HttpClient http, URI health, long deadline) {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.currentTimeMillis();
                }
            } catch (java.io.IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            pause();
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
