package io.partita.engine.log;

import io.partita.engine.log.LogGuard.Held;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whether a log still serves, closed and offline, as its parts see it through the guard. */
class LogGuardTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final LogFailure failure = new LogFailure(TP, Path.of("t-0"), () -> { });
    private final LogGuard guard = new LogGuard(TP, failure);

    @Test
    void anOpenLogServes() {
        try (Held held = guard.locked()) {
            assertThatCode(guard::ensureOnline).doesNotThrowAnyException();
            assertThat(guard.closedOrOffline()).isFalse();
        }
    }

    @Test
    void aClosedLogIsClosedOnceAndRefusesRequestsAsNotLeader() {
        try (Held held = guard.locked()) {
            assertThat(guard.markClosed()).isTrue();
            assertThat(guard.markClosed()).isFalse();
        }

        assertThat(guard.closedOrOffline()).isTrue();
        assertThatThrownBy(guard::ensureOnline).isInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void anOfflineLogStaysAStorageErrorEvenOnceClosed() {
        failure.failed(new IOException("disk gone"));
        assertThat(guard.closedOrOffline()).isTrue();

        try (Held held = guard.locked()) {
            guard.markClosed();
        }

        assertThatThrownBy(guard::ensureOnline).isInstanceOf(KafkaStorageException.class);
    }
}
