package io.partita.systemtests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Several nodes started with {@code bin/partita start --members ...} on loopback, forming one cluster through
 * Payara's Hazelcast: node ids 1..size, each on free Kafka, HTTP and Hazelcast ports. The nodes boot in parallel,
 * as an operator would start them. {@link #close()} stops every node and deletes their data. Not thread-safe.
 */
final class PartitaCluster implements AutoCloseable {

    private final List<PartitaNodeProcess> nodes;

    private PartitaCluster(List<PartitaNodeProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code size} nodes with {@code environment} (node settings as {@code PARTITA_<NAME>}) and waits for all. */
    static PartitaCluster start(int size, Map<String, String> environment) {
        return start(size, List.of(), environment);
    }

    /** Starts {@code size} nodes, each deploying {@code apps} after Partita's modules, and waits for all. */
    static PartitaCluster start(int size, List<Path> apps, Map<String, String> environment) {
        List<Integer> hazelcastPorts = IntStream.range(0, size).mapToObj(i -> FreePorts.next()).toList();
        String members = hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<CompletableFuture<PartitaNodeProcess>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int nodeId = i + 1;
            List<String> options = List.of("--hz-port", String.valueOf(hazelcastPorts.get(i)), "--members", members);
            starting.add(CompletableFuture.supplyAsync(() -> PartitaNodeProcess.start(nodeId, apps, environment, options)));
        }
        List<PartitaNodeProcess> started = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<PartitaNodeProcess> node : starting) {
            try {
                started.add(node.join());
            } catch (CompletionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            started.forEach(PartitaNodeProcess::close);
            throw new AssertionError("a cluster node failed to start", failure);
        }
        return new PartitaCluster(started);
    }

    /** The node with this {@code node.id}. */
    PartitaNodeProcess node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /** Every node's Kafka listener, for {@code bootstrap.servers}. */
    String bootstrapServers() {
        return nodes.stream().map(PartitaNodeProcess::bootstrapServer).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        nodes.forEach(PartitaNodeProcess::close);
    }
}
