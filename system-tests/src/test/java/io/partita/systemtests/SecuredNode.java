package io.partita.systemtests;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Partita node with logins, shared by every test class that registers this extension: started for the first
 * of them, stopped after the whole run (the root store closes it). Its users file holds an admin with a plain
 * password and a viewer whose password {@code bin/partita hash-password} hashed. ACLs are on
 * ({@code authorizer.class.name}) with {@code User:ANONYMOUS} a super user, so the test's own Kafka clients and the
 * API's, all anonymous on the PLAINTEXT listener, may do anything. Not thread-safe.
 */
final class SecuredNode implements BeforeAllCallback {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-pass-1";
    static final String VIEWER = "viewer";
    static final String VIEWER_PASSWORD = "viewer pass 2";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SecuredNode.class);

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(),
                Running.class);
    }

    int httpPort() {
        return running.node.httpPort();
    }

    String bootstrapServer() {
        return running.node.bootstrapServer();
    }

    /** The node's log ({@code partita.log}: Payara's output, the node's and the audit's lines). */
    Path log() {
        return running.node.dataDir().resolve("partita.log");
    }

    /** Waits until the node's log holds each of {@code lines} (the audit's lines, without their time). */
    void assertAudited(String... lines) {
        await("audit lines in " + log()).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readString(log())).contains(lines));
    }

    /** The users file, read again by the node whenever it changes. */
    Path usersFile() {
        return running.usersFile;
    }

    ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + httpPort());
    }

    /** The node and its users file; closing stops the one and deletes the other. */
    private record Running(PartitaNodeProcess node, Path usersFile) implements AutoCloseable {

        static Running start() {
            try {
                Path launcher = Path.of(BuildSettings.required("partita.dist")).resolve("bin/partita");
                ToolRun hash = Processes.run(List.of(launcher.toString(), "hash-password"), VIEWER_PASSWORD + "\n",
                        Duration.ofSeconds(30), Map.of());
                if (hash.exitCode() != 0) throw new AssertionError("hash-password failed\n" + hash);
                Path users = Files.createTempFile("partita-users-", ".properties");
                Files.writeString(users, "# test users\n"
                        + ADMIN + "=admin:plain:" + ADMIN_PASSWORD + "\n"
                        + VIEWER + " = viewer : " + hash.stdout().strip() + "\n");
                // Charts get a sample a second instead of every 5, so that tests see a few without waiting long.
                Map<String, String> settings = Map.of("PARTITA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        "PARTITA_SUPER_USERS", "User:ANONYMOUS", "PARTITA_METRICS_HISTORY_INTERVAL_MS", "1000");
                return new Running(PartitaNodeProcess.start(1, List.of(), settings, List.of("--users", users.toString())), users);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                node.close();
            } finally {
                Files.deleteIfExists(usersFile);
            }
        }
    }
}
