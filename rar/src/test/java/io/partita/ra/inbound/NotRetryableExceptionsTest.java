package io.partita.ra.inbound;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotRetryableExceptionsTest {

    private final ClassLoader loader = NotRetryableExceptionsTest.class.getClassLoader();

    @Test
    void aFailureMatchesWhenItIsAnInstanceOfANamedClassOrOfASubclass() throws InvalidPropertyException {
        NotRetryableExceptions notRetryable = NotRetryableExceptions.load(
                List.of(IOException.class.getName(), IllegalArgumentException.class.getName()), loader);

        assertThat(notRetryable.matches(new NoSuchFileException("/orders"))).isTrue();
        assertThat(notRetryable.matches(new NumberFormatException())).isTrue();
        assertThat(notRetryable.matches(new UncheckedIOException(new IOException()))).as("only the failure itself").isFalse();
        assertThat(notRetryable.matches(new IllegalStateException())).isFalse();
        assertThat(NotRetryableExceptions.NONE.matches(new IOException())).isFalse();
    }

    @Test
    void aClassTheApplicationCannotSeeOrThatIsNoThrowableFailsNamingTheProperty() {
        assertThatThrownBy(() -> NotRetryableExceptions.load(List.of("com.example.CardDeclined"), loader))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessage("notRetryable: no class com.example.CardDeclined is visible to the application");
        assertThatThrownBy(() -> NotRetryableExceptions.load(List.of("java.lang.String"), loader))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessage("notRetryable: java.lang.String is not a java.lang.Throwable");
    }
}
