package io.partita.engine.replication;

import io.partita.engine.config.TopicConfigs;
import io.partita.engine.log.MutableClock;
import io.partita.engine.quota.RateQuota;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which replicas a throttle of node 2 holds back, from Kafka's throttled-replica lists. */
class ReplicationThrottleTest {

    private static final String LIST = TopicConfigs.FOLLOWER_REPLICATION_THROTTLED_REPLICAS;
    private final RateQuota quota = new RateQuota(new MutableClock(0), RateQuota.Window.kafkaRate(2, 1_000));
    private final ReplicationThrottle throttle = new ReplicationThrottle(2, LIST, quota);

    @Test
    void onlyThePairsNamingThisNodeCount() {
        throttle.topicChanged("t", Optional.of(Map.of(LIST, "0:1,0:2, 3:2,1:3")));
        assertThat(throttle.isThrottled(new TopicPartition("t", 0))).isTrue();
        assertThat(throttle.isThrottled(new TopicPartition("t", 3))).isTrue();
        assertThat(throttle.isThrottled(new TopicPartition("t", 1))).isFalse();
        assertThat(throttle.isThrottled(new TopicPartition("other", 0))).isFalse();
    }

    @Test
    void aStarThrottlesEveryPartitionAndAnEmptyListOrADeletedTopicNone() {
        throttle.topicChanged("t", Optional.of(Map.of(LIST, "*")));
        assertThat(throttle.isThrottled(new TopicPartition("t", 7))).isTrue();
        throttle.topicChanged("t", Optional.of(Map.of(LIST, "")));
        assertThat(throttle.isThrottled(new TopicPartition("t", 7))).isFalse();
        throttle.topicChanged("t", Optional.of(Map.of(LIST, "*")));
        throttle.topicChanged("t", Optional.empty());
        assertThat(throttle.isThrottled(new TopicPartition("t", 7))).isFalse();
    }

    @Test
    void onlyOutOfSyncThrottledReplicasAreHeldBackAndOnlyWhileTheQuotaIsExceeded() {
        TopicPartition throttled = new TopicPartition("t", 0);
        TopicPartition free = new TopicPartition("t", 1);
        throttle.topicChanged("t", Optional.of(Map.of(LIST, "0:2")));
        quota.bound(1_000);
        assertThat(throttle.holdsBack(throttled, false)).isFalse();

        throttle.moved(free, 1_000_000);
        assertThat(quota.isExceeded()).as("bytes of unthrottled partitions do not count").isFalse();
        throttle.moved(throttled, 5_000);

        assertThat(throttle.holdsBack(throttled, false)).isTrue();
        assertThat(throttle.holdsBack(throttled, true)).as("an in-sync replica always flows").isFalse();
        assertThat(throttle.holdsBack(free, false)).isFalse();
    }
}
