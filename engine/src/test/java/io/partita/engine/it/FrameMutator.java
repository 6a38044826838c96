package io.partita.engine.it;

import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.UnregisterBrokerRequest;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns valid request frames into bad ones, deterministically for a seed: what a broken client, a corrupting network
 * or a scanner would send. Each {@link Mutant} is the bytes to write (size prefix included) and what the broker must
 * do with them. Not thread-safe: one per fuzzing thread.
 */
final class FrameMutator {

    /** Kafka's {@code socket.request.max.bytes}, the largest frame a broker takes. */
    static final int MAX_REQUEST_BYTES = 104_857_600;

    private static final int[] INTERESTING_INTS = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7fff, 0x10000, 0x01000000};
    private static final short[] INTERESTING_SHORTS = {0, -1, 1, Short.MAX_VALUE, Short.MIN_VALUE, 0xff};

    /** The ways a frame is spoiled. */
    enum Kind {
        /** One to four bytes anywhere set to random values. */
        BYTE_FLIPS,
        /** Four bytes anywhere set to a boundary value: array and record lengths, counts, offsets. */
        BOUNDARY_INT,
        /** Two bytes anywhere set to a boundary value: string lengths, versions, error codes. */
        BOUNDARY_SHORT,
        /** The frame cut short (its size prefix says so). */
        TRUNCATED,
        /** Random bytes after the request. */
        EXTENDED,
        /** The head of one request followed by the tail of another. */
        SPLICED,
        /** An API key the broker does not advertise. */
        UNKNOWN_API,
        /** A version above what the broker advertises for the API. */
        UNKNOWN_VERSION,
        /** Random bytes of a random size. */
        GARBAGE,
        /** A size prefix beyond {@code socket.request.max.bytes}, or negative. */
        HUGE_PREFIX,
        /** A size prefix larger than what follows: the sender gives up mid-frame and closes. */
        UNFINISHED
    }

    /**
     * @param bytes         what to write, size prefix included
     * @param abandon       the sender closes right after writing (the frame never ends)
     * @param mustBeClosed  no broker may answer this: the connection must be closed
     */
    record Mutant(Kind kind, byte[] bytes, boolean abandon, boolean mustBeClosed) {
    }

    private final Random random;
    private final List<byte[]> corpus;
    private final Map<ApiKeys, ApiVersion> advertised;
    private final int brokerId;

    FrameMutator(long seed, RequestCorpus corpus) {
        this.random = new Random(seed);
        this.corpus = corpus.frames();
        this.advertised = corpus.advertised();
        this.brokerId = corpus.brokerId();
    }

    /**
     * The next mutant, never a well-formed UnregisterBroker of the broker under test (a splice or a byte change can
     * make one): that is no bad frame but an operator's request, which takes the broker's partitions away until it
     * registers again, as Kafka's does, and so would disturb the well-behaved clients the fuzzing runs beside.
     */
    Mutant next() {
        Mutant mutant;
        do {
            mutant = mutate();
        } while (unregistersTheBroker(mutant.bytes()));
        return mutant;
    }

    private boolean unregistersTheBroker(byte[] prefixed) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(prefixed, 4, prefixed.length - 4);
            RequestHeader header = RequestHeader.parse(buffer);
            return header.apiKey() == ApiKeys.UNREGISTER_BROKER
                    && ((UnregisterBrokerRequest) AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(buffer))
                    .request).data().brokerId() == brokerId;
        } catch (RuntimeException notWellFormed) {
            return false;
        }
    }

    private Mutant mutate() {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        byte[] frame = corpus.get(random.nextInt(corpus.size())).clone();
        switch (kind) {
            case BYTE_FLIPS -> {
                for (int i = 1 + random.nextInt(4); i > 0; i--) frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                return framed(kind, frame);
            }
            case BOUNDARY_INT -> {
                if (frame.length >= 4) ByteBuffer.wrap(frame).putInt(random.nextInt(frame.length - 3), pick(INTERESTING_INTS));
                return framed(kind, frame);
            }
            case BOUNDARY_SHORT -> {
                ByteBuffer.wrap(frame).putShort(random.nextInt(frame.length - 1), INTERESTING_SHORTS[random.nextInt(INTERESTING_SHORTS.length)]);
                return framed(kind, frame);
            }
            case TRUNCATED -> {
                return framed(kind, Arrays.copyOf(frame, random.nextInt(frame.length)));
            }
            case EXTENDED -> {
                byte[] longer = Arrays.copyOf(frame, frame.length + 1 + random.nextInt(64));
                for (int i = frame.length; i < longer.length; i++) longer[i] = (byte) random.nextInt(256);
                return framed(kind, longer);
            }
            case SPLICED -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int head = random.nextInt(frame.length);
                int tail = random.nextInt(other.length);
                byte[] spliced = Arrays.copyOf(frame, head + other.length - tail);
                System.arraycopy(other, tail, spliced, head, other.length - tail);
                return framed(kind, spliced);
            }
            case UNKNOWN_API -> {
                short key;
                do {
                    key = (short) random.nextInt(1 << 16);
                } while (ApiKeys.hasId(key) && advertised.containsKey(ApiKeys.forId(key)));
                ByteBuffer.wrap(frame).putShort(0, key);
                return new Mutant(kind, withPrefix(frame, frame.length), false, true);
            }
            case UNKNOWN_VERSION -> {
                ByteBuffer buffer = ByteBuffer.wrap(frame);
                ApiKeys api = ApiKeys.forId(buffer.getShort(0));
                int max = advertised.get(api).maxVersion();
                buffer.putShort(2, (short) (max + 1 + random.nextInt(Short.MAX_VALUE - max)));
                // KIP-511: a broker answers ApiVersions at an unknown version (at v0, UNSUPPORTED_VERSION)
                return new Mutant(kind, withPrefix(frame, frame.length), false, api != ApiKeys.API_VERSIONS);
            }
            case GARBAGE -> {
                byte[] garbage = new byte[(int) Math.min(1 << 16, Math.exp(random.nextDouble() * Math.log(1 << 16)))];
                random.nextBytes(garbage);
                return framed(kind, garbage);
            }
            case HUGE_PREFIX -> {
                int size = random.nextBoolean()
                        ? MAX_REQUEST_BYTES + 1 + random.nextInt(Integer.MAX_VALUE - MAX_REQUEST_BYTES)
                        : -1 - random.nextInt(Integer.MAX_VALUE);
                return new Mutant(kind, withPrefix(frame, size), false, true);
            }
            case UNFINISHED -> {
                int claimed = frame.length + 1 + random.nextInt(MAX_REQUEST_BYTES - frame.length);
                return new Mutant(kind, withPrefix(frame, claimed), true, false);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    private static Mutant framed(Kind kind, byte[] payload) {
        return new Mutant(kind, withPrefix(payload, payload.length), false, false);
    }

    private static byte[] withPrefix(byte[] payload, int size) {
        return ByteBuffer.allocate(4 + payload.length).putInt(size).put(payload).array();
    }
}
