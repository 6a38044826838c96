package io.partita.ra.api;

import java.util.Objects;

/**
 * Thrown by a {@link BatchRecordListener} to name the record of the batch that failed: the records before it count
 * as delivered (their offsets are committed at once), the failed one is delivered again on its own with its retries
 * (then dead-lettered, as a {@link RecordListener}'s record would be), and the records after it are delivered again
 * from the next poll. Any other exception fails the batch as a whole.
 *
 * <p>With {@code transactional=true} the index is not used: the call's transaction rolled back everything the call
 * did, the records before the index included, so the batch fails as a whole. An index outside the batch fails it as
 * a whole too.
 */
public class BatchFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int index;

    /**
     * @param index the failed record's position in the list {@link BatchRecordListener#onRecords} was given, from 0
     * @param cause why it failed: what its dead-letter record names as the exception
     */
    public BatchFailedException(int index, Throwable cause) {
        super("record " + index + " of the batch failed: " + Objects.requireNonNull(cause, "cause"), cause);
        this.index = index;
    }

    /** The failed record's position in the batch, from 0. */
    public int getIndex() {
        return index;
    }
}
