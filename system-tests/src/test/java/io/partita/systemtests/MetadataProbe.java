package io.partita.systemtests;

import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks one node, and only that node, for a topic's metadata: one Metadata request (v12) over a socket of its own.
 * Kafka's clients cannot do this (after the bootstrap they ask whichever broker they like), but a node's own answer
 * is what tells which partitions it believes it leads. Each call opens and closes its connection, with short
 * timeouts, so an unreachable node costs at most about two seconds. Thread-safe (no state beyond the address).
 */
final class MetadataProbe {

    private static final short VERSION = 12;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int READ_TIMEOUT_MS = 1500;
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    /** One partition as a node describes it. */
    record PartitionView(int partition, int leader, List<Integer> replicas, List<Integer> isr) {
    }

    private final String host;
    private final int port;
    private int correlationId;

    MetadataProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The node's view of {@code topic}'s partitions, by partition; throws IOException when it does not answer. */
    Map<Integer, PartitionView> describe(String topic) throws IOException {
        MetadataResponse response = ask(List.of(topic));
        Map<Integer, PartitionView> partitions = new HashMap<>();
        for (MetadataResponseData.MetadataResponseTopic t : response.data().topics()) {
            if (!topic.equals(t.name())) continue;
            for (MetadataResponseData.MetadataResponsePartition p : t.partitions()) {
                partitions.put(p.partitionIndex(), new PartitionView(p.partitionIndex(), p.leaderId(),
                        new ArrayList<>(p.replicaNodes()), new ArrayList<>(p.isrNodes())));
            }
        }
        return partitions;
    }

    /** The controller this node names (-1 for none); throws IOException when it does not answer. */
    int controller() throws IOException {
        return ask(List.of()).data().controllerId();
    }

    private synchronized MetadataResponse ask(List<String> topics) throws IOException {
        MetadataRequest request = new MetadataRequest.Builder(topics, false).build(VERSION);
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, VERSION, "partition-it-probe", ++correlationId);
        ByteBuffer payload = request.serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(payload.remaining());
            out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 0 || size > MAX_RESPONSE_BYTES) throw new IOException("bad response size " + size);
            byte[] body = new byte[size];
            in.readFully(body);
            return (MetadataResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
        } catch (RuntimeException e) {
            throw new IOException("unreadable Metadata answer from " + host + ":" + port + ": " + e, e);
        }
    }
}
