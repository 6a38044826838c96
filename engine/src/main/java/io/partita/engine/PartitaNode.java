package io.partita.engine;

import io.partita.engine.config.NodeConfig;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One running Partita broker: its logs, its view of the cluster and its Kafka listener.
 *
 * <p>Created started by {@link #start}; {@link #close()} stops accepting connections, then flushes and closes
 * every log. Thread-safe.
 */
public final class PartitaNode implements AutoCloseable {

    private PartitaNode() {
    }

    /**
     * Opens (recovering if needed) every log under the data directory, joins the cluster metadata held in the
     * environment's Hazelcast member and binds the Kafka listener.
     *
     * @throws IOException when the data directory cannot be used or the listener port cannot be bound; the
     *                     message says which
     */
    public static PartitaNode start(NodeConfig config, NodeEnvironment environment) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    public NodeConfig config() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The address the Kafka listener is bound to (its port is real even when the config asked for 0). */
    public InetSocketAddress kafkaAddress() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The periodic jobs, for hosts that drive them (EJB timers). */
    public Maintenance maintenance() {
        throw new UnsupportedOperationException("not yet");
    }

    /** True once every log is recovered and the listener serves. */
    public boolean isReady() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
    }
}
