package io.partita.engine.log;

/** A record's timestamp and offset with the leader epoch of its batch, as ListOffsets answers. */
public record TimestampAndOffset(long timestamp, long offset, int leaderEpoch) {
}
