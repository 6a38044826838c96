package io.partita.engine.coordinator;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds the key or value of a coordinator's record (in {@code __transaction_state}, {@code __share_group_state})
 * with a {@link DataOutputStream}: big-endian, strings as an int16 length and their bytes. Stateless.
 */
public final class RecordBytes {

    /** Writes one key or value. */
    @FunctionalInterface
    public interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private RecordBytes() {
    }

    /** The bytes {@code body} writes. */
    public static byte[] of(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }
}
