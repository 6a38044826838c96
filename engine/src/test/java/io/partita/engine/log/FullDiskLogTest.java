package io.partita.engine.log;

import io.partita.engine.it.Tmpfs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A partition log on a disk that fills up (a small tmpfs, root only). The indexes are preallocated sparse, so their
 * next entry may need a page the disk no longer has: that must surface as the IOException it is (the log goes
 * offline, a close fails and leaves the log to recovery), never as a faulting mapped write. A reopen once space is
 * freed finds every record appended before.
 */
class FullDiskLogTest {

    private static final long DISK_BYTES = 1L << 20;

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("full", 0));
    @TempDir
    Path tmp;
    private Tmpfs disk;
    private PartitionLog log;

    @AfterEach
    void unmount() throws IOException {
        try {
            if (log != null) log.close();
        } catch (IOException stillFull) {
            // a test that failed midway may leave the disk full
        } finally {
            if (disk != null) disk.close();
        }
    }

    @Test
    void anIndexEntryFindingNoSpaceTakesTheLogOfflineAndAReopenRecoversWhatCameBefore() throws IOException {
        disk = Tmpfs.mount(tmp.resolve("disk"), DISK_BYTES);
        Path dir = disk.dir().resolve("full-0");
        Map<String, String> indexEveryBatch = Map.of("index.interval.bytes", "0");
        log = fixture.openAt(dir, indexEveryBatch);
        log.appendAsLeader(TestBatches.batch(LogFixture.NOW, "before"), 0);

        disk.fill(0);
        // The data fits in the last page of the segment file; its index entry needs a page of its own.
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.batch(LogFixture.NOW, "no room"), 0)).isInstanceOf(IOException.class);
        assertThat(log.isOffline()).isTrue();
        assertThatThrownBy(() -> log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true)).isInstanceOf(KafkaStorageException.class);
        log.close();

        disk.free();
        log = fixture.openAt(dir, indexEveryBatch);
        assertThat(TestBatches.values(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records())).first().isEqualTo("before");
        log.appendAsLeader(TestBatches.batch(LogFixture.NOW, "after"), 0);
        assertThat(TestBatches.values(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records())).first().isEqualTo("before");
        assertThat(TestBatches.values(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records())).last().isEqualTo("after");
    }

    @Test
    void aCloseFindingNoSpaceForTheLastTimeIndexEntryFailsAndTheNextOpenRecovers() throws IOException {
        disk = Tmpfs.mount(tmp.resolve("disk"), DISK_BYTES);
        Path dir = disk.dir().resolve("full-0");
        log = fixture.openAt(dir, Map.of());
        log.appendAsLeader(TestBatches.batch(LogFixture.NOW, "a", "b"), 0);

        disk.fill(0);
        assertThatThrownBy(log::close).isInstanceOf(IOException.class);

        disk.free();
        log = fixture.openAt(dir, Map.of());
        assertThat(TestBatches.values(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records())).containsExactly("a", "b");
    }
}
