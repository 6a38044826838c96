package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFailureTest {

    private static final TopicPartition TP = new TopicPartition("failing", 0);

    private final AtomicInteger told = new AtomicInteger();
    private final LogFailure failure = new LogFailure(TP, Path.of("failing-0"), told::incrementAndGet);

    @Test
    void aChangeThatSucceedsLeavesTheLogOnline() throws IOException {
        failure.offlineOnFailure(() -> { });

        assertThat(failure.isOffline()).isFalse();
        assertThatCode(failure::ensureOnline).doesNotThrowAnyException();
        assertThat(told).hasValue(0);
    }

    @Test
    void theFirstFailureTakesTheLogOfflineForGoodAndIsToldOnce() {
        IOException first = new IOException("disk full");

        assertThatThrownBy(() -> failure.offlineOnFailure(() -> { throw first; })).isSameAs(first);
        assertThatThrownBy(() -> failure.offlineOnFailure(() -> { throw new IllegalStateException("later"); }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(failure.isOffline()).isTrue();
        assertThat(told).hasValue(1);
        assertThatThrownBy(failure::ensureOnline).isInstanceOf(KafkaStorageException.class).hasCause(first);
    }

    @Test
    void aListenerThatFailsDoesNotHideTheFailure() {
        LogFailure withBadListener = new LogFailure(TP, Path.of("failing-0"), () -> {
            throw new IllegalStateException("listener");
        });
        IOException cause = new IOException("fsync");

        assertThatThrownBy(() -> withBadListener.offlineOnFailure(() -> { throw cause; })).isSameAs(cause);
        assertThat(withBadListener.isOffline()).isTrue();
    }
}
