package io.partita.engine.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A TCP forwarder in front of one broker that keeps a copy of every request frame clients send through it while it
 * records: the requests real Kafka clients make, byte for byte.
 *
 * <p>Clients come through it for good, not just for their bootstrap, because it listens on the port number of the
 * broker's listener on another loopback address, which the broker advertises ({@code advertised.host}): every
 * connection a client opens after reading Metadata is to the proxy. It keeps forwarding after recording stops.
 *
 * <p>One thread accepts; each connection has two (requests, frame by frame; answers, as bytes). Thread-safe.
 */
final class RecordingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress broker;
    private final ConcurrentLinkedQueue<byte[]> recorded = new ConcurrentLinkedQueue<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean recording = true;

    private RecordingProxy(ServerSocket server, InetSocketAddress broker) {
        this.server = server;
        this.broker = broker;
    }

    /** Listens on {@code host} at the broker's port number and forwards every connection to the broker. */
    static RecordingProxy start(String host, InetSocketAddress broker) {
        try {
            RecordingProxy proxy = new RecordingProxy(new ServerSocket(broker.getPort(), 50, InetAddress.getByName(host)), broker);
            daemon("recording-proxy-accept", proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("listening on " + host + ":" + broker.getPort(), e);
        }
    }

    /** Stops recording and returns the request frames recorded (each without its size prefix), in arrival order. */
    List<byte[]> stopRecording() {
        recording = false;
        return new ArrayList<>(recorded);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket upstream = new Socket(broker.getAddress(), broker.getPort());
                sockets.add(client);
                sockets.add(upstream);
                daemon("recording-proxy-requests", () -> forwardRequests(client, upstream));
                daemon("recording-proxy-answers", () -> forwardAnswers(upstream, client));
            } catch (IOException brokerUnreachable) {
                closeQuietly(client);
            }
        }
    }

    private void forwardRequests(Socket client, Socket upstream) {
        try (DataInputStream in = new DataInputStream(client.getInputStream());
             DataOutputStream out = new DataOutputStream(upstream.getOutputStream())) {
            while (true) {
                int size = in.readInt();
                byte[] frame = new byte[size];
                in.readFully(frame);
                if (recording) recorded.add(frame);
                out.writeInt(size);
                out.write(frame);
                out.flush();
            }
        } catch (IOException endOfEitherSide) {
            closeBoth(client, upstream);
        }
    }

    private void forwardAnswers(Socket upstream, Socket client) {
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException endOfEitherSide) {
            // closed below, as at the end of the stream
        }
        closeBoth(client, upstream);
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken: nothing more to release
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : List.copyOf(sockets)) s.close();
    }
}
