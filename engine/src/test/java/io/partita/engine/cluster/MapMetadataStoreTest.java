package io.partita.engine.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.it.IsolatedHazelcast;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The map store's cache against its own refreshes: a re-read that began before a write never undoes the write. */
class MapMetadataStoreTest {

    private HazelcastInstance hazelcast;
    private MapMetadataStore store;

    @BeforeEach
    void start() {
        hazelcast = IsolatedHazelcast.startMember();
        store = new MapMetadataStore(hazelcast);
    }

    @AfterEach
    void stop() {
        store.close();
        hazelcast.shutdown();
    }

    @Test
    void aKeyWrittenDuringARefreshStaysInTheCache() {
        // Enough entries that re-reading the map takes a while, so the writes below land while a refresh is reading.
        for (int i = 0; i < 20_000; i++) store.compareAndSet("topic/filler-" + i, Optional.empty(), Optional.of("{}"));
        for (int round = 0; round < 50; round++) {
            String key = "topic/created-" + round;
            CompletableFuture<Void> refresh = CompletableFuture.runAsync(store::refresh);
            assertThat(store.compareAndSet(key, Optional.empty(), Optional.of("{\"round\":" + round + "}"))).isTrue();
            refresh.join();
            assertThat(store.cached(key)).as("round %d", round).contains("{\"round\":" + round + "}");
        }
    }
}
