package io.partita.engine.it;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One plain TCP connection to the broker that writes Kafka frames (a 4-byte size, then the bytes) by hand, for what
 * a real client will not send: hand-made garbage, requests at versions a client would not pick, corrupted batches.
 *
 * <p>Requests and responses are encoded with kafka-clients' own request classes, so the bytes are exactly what a
 * client would send. Blocking, with a read timeout of 10 s; not thread-safe.
 */
public final class RawKafkaConnection implements AutoCloseable {

    private static final String CLIENT_ID = "partita-it-raw";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;
    private Map<ApiKeys, Short> brokerMaxVersions;

    private RawKafkaConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawKafkaConnection open(String hostAndPort) {
        return open(hostAndPort, READ_TIMEOUT);
    }

    /** Opens a connection whose reads give up after {@code readTimeout}. */
    static RawKafkaConnection open(String hostAndPort, Duration readTimeout) {
        int colon = hostAndPort.lastIndexOf(':');
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new RawKafkaConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("connecting to " + hostAndPort, e);
        }
    }

    /**
     * Sends the request at the highest version both this client library and the broker support (learnt with an
     * ApiVersions v3 exchange on first use) and returns the parsed response.
     */
    @SuppressWarnings("unchecked")
    public <R extends AbstractResponse> R send(AbstractRequest.Builder<?> builder) {
        short version = (short) Math.min(builder.latestAllowedVersion(), latestVersion(builder.apiKey()));
        return (R) send(builder.build(version));
    }

    /** Sends the request at its own version and returns the parsed response (see {@link #send(ApiKeys, short, ApiMessage)}). */
    AbstractResponse send(AbstractRequest request) {
        return send(request.apiKey(), request.version(), request.data());
    }

    /**
     * Sends {@code data} as a request of {@code api} at {@code version} and returns the answer read at that version:
     * its correlation id must be the request's and its body must fill the frame exactly.
     *
     * @throws UncheckedIOException when the broker closes the connection instead of answering
     */
    public AbstractResponse send(ApiKeys api, short version, ApiMessage data) {
        RequestHeader header = new RequestHeader(api, version, CLIENT_ID, nextCorrelationId++);
        writeFrame(RequestUtils.serialize(header.data(), header.headerVersion(), data, version));
        ByteBuffer frame = readFrame();
        int correlationId = ResponseHeader.parse(frame, api.responseHeaderVersion(version)).correlationId();
        if (correlationId != header.correlationId()) {
            throw new IllegalStateException("answer to correlation id " + correlationId + ", expected " + header.correlationId());
        }
        AbstractResponse response = AbstractResponse.parseResponse(api, new ByteBufferAccessor(frame), version);
        if (frame.hasRemaining()) {
            throw new IllegalStateException(frame.remaining() + " bytes left after the " + api + " v" + version + " answer");
        }
        return response;
    }

    /** The highest version of {@code api} both this client library and the broker support. */
    short latestVersion(ApiKeys api) {
        return (short) Math.min(api.latestVersion(), brokerMaxVersion(api));
    }

    /** Writes a size prefix and then the payload. */
    void writeFrame(ByteBuffer payload) {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining());
        frame.putInt(payload.remaining()).put(payload.duplicate()).flip();
        writeRaw(frame.array());
    }

    /** Writes bytes as they are, size prefix included or not. */
    void writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response frame and returns its payload (the bytes after the size prefix). */
    ByteBuffer readFrame() {
        try {
            int size = in.readInt();
            byte[] payload = new byte[size];
            in.readFully(payload);
            return ByteBuffer.wrap(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the broker closes (or resets) the connection before the read timeout, without sending anything
     * first; false when it is still open and silent after the timeout.
     */
    boolean isClosedByBroker() {
        Reaction reaction = awaitReaction();
        if (reaction == Reaction.ANSWERED) throw new AssertionError("expected the broker to close the connection, but it answered");
        return reaction == Reaction.CLOSED;
    }

    /** What the broker did about the bytes written last. */
    enum Reaction {
        /** It sent an answer (one whole frame, read and dropped). */
        ANSWERED,
        /** It closed (or reset) the connection. */
        CLOSED,
        /** Neither, within the read timeout. */
        SILENT
    }

    /** Waits up to the read timeout for an answer frame or the connection's end. */
    Reaction awaitReaction() {
        try {
            int size = in.readInt();
            in.skipNBytes(size);
            return Reaction.ANSWERED;
        } catch (SocketTimeoutException e) {
            return Reaction.SILENT;
        } catch (EOFException | SocketException e) {
            return Reaction.CLOSED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private short brokerMaxVersion(ApiKeys key) {
        if (brokerMaxVersions == null) {
            ApiVersionsResponse versions = (ApiVersionsResponse) send(new ApiVersionsRequest.Builder((short) 3).build((short) 3));
            if (versions.data().errorCode() != Errors.NONE.code()) {
                throw new IllegalStateException("ApiVersions failed: " + Errors.forCode(versions.data().errorCode()));
            }
            brokerMaxVersions = new HashMap<>();
            versions.data().apiKeys().forEach(v -> {
                if (ApiKeys.hasId(v.apiKey())) brokerMaxVersions.put(ApiKeys.forId(v.apiKey()), v.maxVersion());
            });
        }
        Short max = brokerMaxVersions.get(key);
        if (max == null) throw new IllegalStateException("the broker does not advertise " + key);
        return max;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort: the test's outcome is already decided
        }
    }
}
