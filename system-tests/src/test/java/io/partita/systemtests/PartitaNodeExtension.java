package io.partita.systemtests;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class one Partita node for all its tests: started before the first, stopped and deleted after the
 * last, whatever their outcome. With system property {@code partita.it.bootstrap=host:port} it starts nothing and
 * points the tests at that broker instead (to check a test against Apache Kafka itself).
 */
final class PartitaNodeExtension implements BeforeAllCallback, AfterAllCallback {

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
