package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The switch that points the suite at a broker running elsewhere ({@code -Dpartita.it.bootstrap=host:port}), e.g.
 * a real Apache Kafka to check that the tests expect what Kafka does. Without it the suite starts Partita itself.
 *
 * <p>Against an external broker the node id is taken from {@code -Dpartita.it.nodeId} (default 1, the id of the
 * Kafka peer in /work/shared/kafka-peer).
 */
final class ExternalBroker {

    static final String BOOTSTRAP_PROPERTY = "partita.it.bootstrap";
    static final String NODE_ID_PROPERTY = "partita.it.nodeId";

    private ExternalBroker() {
    }

    static Optional<String> bootstrapServers() {
        return Optional.ofNullable(System.getProperty(BOOTSTRAP_PROPERTY)).filter(s -> !s.isBlank());
    }

    static int nodeId() {
        return Integer.getInteger(NODE_ID_PROPERTY, 1);
    }

    /**
     * Skips the calling test when the broker creates topics on demand: Kafka's own default, and so the case of an
     * external Kafka unless its server.properties say {@code auto.create.topics.enable=false}. The embedded node
     * has it off.
     */
    static void assumeNoAutoCreation(TestClients broker) throws Exception {
        if (bootstrapServers().isEmpty()) return;
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.nodeId()));
        try (Admin admin = broker.admin()) {
            String autoCreate = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("auto.create.topics.enable").value();
            assumeTrue("false".equals(autoCreate), "external broker has auto.create.topics.enable=" + autoCreate);
        }
    }

    /** Skips the calling test when it needs a Partita node of its own (restart, raw-frame robustness, settings). */
    static void assumeNone() {
        assumeTrue(bootstrapServers().isEmpty(), "Partita-only test, skipped against external broker " + bootstrapServers().orElse(""));
    }
}
