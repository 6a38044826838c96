package io.partita.engine.share;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SharePartitionsTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private final SharePartitions shares = new SharePartitions(group -> SharePartitionConfig.DEFAULTS, new ShareSessions(10, 60_000),
            Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));

    @Test
    void aMemberGoneFromItsGroupReleasesItsRecordsThereOnly() throws Exception {
        shares.partition("g", TP, reset -> 0).acquire("m", List.of(new BatchSpan(0, 9, false)), 100, false, 1_000);
        shares.partition("other", TP, reset -> 0).acquire("m", List.of(new BatchSpan(0, 9, false)), 100, false, 1_000);

        shares.memberGone("g", "m");

        assertThat(shares.existing("g", TP).snapshot().available()).isEqualTo(10);
        assertThat(shares.existing("other", TP).snapshot().acquired()).isEqualTo(10);
    }

    @Test
    void anIdleSessionEndsAndItsMemberReleasesWhatItHeld() throws Exception {
        SharePartitions idle = new SharePartitions(group -> SharePartitionConfig.DEFAULTS, new ShareSessions(10, 0),
                Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
        idle.sessions().open("g", "m", Set.of(TP), "connection-1", 1_000);
        idle.partition("g", TP, reset -> 0).acquire("m", List.of(new BatchSpan(0, 9, false)), 100, false, 1_000);

        idle.expire();

        assertThat(idle.existing("g", TP).snapshot().available()).isEqualTo(10);
    }
}
