package io.partita.engine.protocol;

import io.partita.engine.log.PartitionLog;
import io.partita.engine.log.TimestampAndOffset;
import io.partita.engine.share.ShareAutoOffsetReset;

import java.io.IOException;

/**
 * Where a share group starts a partition it has no state for, by its {@code share.auto.offset.reset}: {@code latest}
 * at the high watermark, {@code earliest} at the log start offset, {@code by_duration:D} at the first record
 * timestamped at or after now minus D (found through the time index, as ListOffsets does), or the high watermark
 * when no record is that recent. Stateless.
 */
final class ShareStartOffset {

    private ShareStartOffset() {
    }

    static long of(PartitionLog log, ShareAutoOffsetReset reset, long nowMs) throws IOException {
        return switch (reset.strategy()) {
            case LATEST -> log.highWatermark();
            case EARLIEST -> log.logStartOffset();
            case BY_DURATION -> log.offsetForTimestamp(nowMs - reset.duration().toMillis())
                    .map(TimestampAndOffset::offset)
                    .filter(offset -> offset < log.highWatermark())
                    .orElse(log.highWatermark());
        };
    }
}
