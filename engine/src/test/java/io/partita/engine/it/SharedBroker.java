package io.partita.engine.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one broker that all tests of a run share, unless they need a node of their own: the external broker named by
 * {@link ExternalBroker}, or else a Partita node started on a fresh temporary data directory.
 *
 * <p>Created once per run by {@link BrokerExtension}; closing it stops the embedded node and deletes its data.
 */
final class SharedBroker implements AutoCloseable {

    private final TestClients broker;
    private final TestNode embedded;
    private final Path dataDir;

    private SharedBroker(TestClients broker, TestNode embedded, Path dataDir) {
        this.broker = broker;
        this.embedded = embedded;
        this.dataDir = dataDir;
    }

    static SharedBroker start() {
        return ExternalBroker.bootstrapServers()
                .map(address -> new SharedBroker(new TestClients(address, ExternalBroker.nodeId()), null, null))
                .orElseGet(SharedBroker::startEmbedded);
    }

    private static SharedBroker startEmbedded() {
        try {
            Path dataDir = Files.createTempDirectory("partita-it-shared-");
            TestNode embedded = TestNode.start(dataDir);
            return new SharedBroker(embedded.clients(), embedded, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestClients broker() {
        return broker;
    }

    @Override
    public void close() throws IOException {
        if (embedded == null) return;
        embedded.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
