package io.partita.engine.log;

/** An index file whose content cannot be right; the segment rebuilds it from its data. */
final class CorruptIndexException extends RuntimeException {
    CorruptIndexException(String message) {
        super(message);
    }
}
