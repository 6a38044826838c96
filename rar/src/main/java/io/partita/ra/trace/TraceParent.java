package io.partita.ra.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C {@code traceparent} values as the ASCII bytes of a record header: {@code 00-<trace-id>-<parent-id>-<flags>},
 * 32, 16 and 2 lowercase hex digits. Values are written straight into one 55-byte array: no text in between, so a
 * send pays one small allocation for its trace. Stateless.
 */
final class TraceParent {

    static final int LENGTH = 55;
    private static final int TRACE_ID = 3;
    private static final int TRACE_ID_END = 35;
    private static final int PARENT_ID = 36;
    private static final int PARENT_ID_END = 52;
    private static final int FLAGS = 53;
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private TraceParent() {
    }

    /**
     * A new trace: random trace-id and parent-id, flags {@code 01} (sampled). The adapter records nothing itself, but
     * a tracer downstream that follows its parent's sampling decision (OpenTelemetry's default) would drop the whole
     * trace on {@code 00}: {@code 01} leaves it the choice a trace of its own would have.
     */
    static byte[] newTrace() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] value = new byte[LENGTH];
        value[0] = '0';
        value[1] = '0';
        value[2] = '-';
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        writeHex(value, TRACE_ID, high);
        writeHex(value, TRACE_ID + 16, low);
        value[TRACE_ID_END] = '-';
        writeParentId(value);
        value[FLAGS] = '0';
        value[FLAGS + 1] = '1';
        return value;
    }

    /**
     * The {@code traceparent} of a record caused by one carrying {@code parent}: version 00, its trace-id and flags, a
     * new parent-id. Null when {@code parent} is not a valid traceparent (the spec's answer: start a new trace).
     */
    static byte[] childOf(byte[] parent) {
        if (!isValid(parent)) return null;
        byte[] value = new byte[LENGTH];
        System.arraycopy(parent, 0, value, 0, LENGTH);
        value[0] = '0';
        value[1] = '0';
        writeParentId(value);
        return value;
    }

    /**
     * As the spec parses a {@code traceparent}: a version other than {@code ff}; for version 00 exactly 55 bytes, for
     * a later version at least 55 with a {@code -} after them (its extra fields are not ours to read); lowercase hex
     * fields; neither the trace-id nor the parent-id all zeros.
     */
    static boolean isValid(byte[] value) {
        if (value == null || value.length < LENGTH) return false;
        if (!isHex(value, 0, 2) || (value[0] == 'f' && value[1] == 'f')) return false;
        boolean version00 = value[0] == '0' && value[1] == '0';
        if (version00 ? value.length != LENGTH : value.length > LENGTH && value[LENGTH] != '-') return false;
        return value[2] == '-' && value[TRACE_ID_END] == '-' && value[PARENT_ID_END] == '-'
                && isHex(value, TRACE_ID, TRACE_ID_END) && !isZero(value, TRACE_ID, TRACE_ID_END)
                && isHex(value, PARENT_ID, PARENT_ID_END) && !isZero(value, PARENT_ID, PARENT_ID_END)
                && isHex(value, FLAGS, LENGTH);
    }

    private static void writeParentId(byte[] value) {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        writeHex(value, PARENT_ID, id);
        value[PARENT_ID_END] = '-';
    }

    private static void writeHex(byte[] value, int at, long bits) {
        for (int i = 15; i >= 0; i--) {
            value[at + i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
    }

    private static boolean isHex(byte[] value, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = value[i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) return false;
        }
        return true;
    }

    private static boolean isZero(byte[] value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value[i] != '0') return false;
        }
        return true;
    }
}
