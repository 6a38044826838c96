package io.partita.ra;

import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed requests' replies read in the default forms, with real JSON-B (Yasson). */
class ReplyReadersTest {

    public record Quote(String item, int cents) {
    }

    @Test
    void repliesAreReadAsTheRequestedTypeInTheDefaultForms() throws Exception {
        try (ReplyReaders readers = new ReplyReaders(ReplyReadersTest.class.getClassLoader())) {
            assertThat(readers.read(reply("{\"item\":\"book\",\"cents\":1250}"), Quote.class)).isEqualTo(new Quote("book", 1250));
            assertThat(readers.read(reply("{\"item\":\"pen\",\"cents\":90}"), Quote.class)).isEqualTo(new Quote("pen", 90));
            assertThat(readers.read(reply("grüße"), String.class)).isEqualTo("grüße");
            assertThat(readers.read(reply("raw"), byte[].class)).asString(StandardCharsets.UTF_8).isEqualTo("raw");
            assertThat(readers.read(new ConsumerRecord<>("partita.replies.1", 0, 4, null, null), Quote.class)).isNull();
        }
    }

    @Test
    void aReplyThatIsNoDocumentOfTheTypeFailsTheRequestWithJsonbsReason() {
        try (ReplyReaders readers = new ReplyReaders(ReplyReadersTest.class.getClassLoader())) {
            assertThatThrownBy(() -> readers.read(reply("sold out"), Quote.class)).isInstanceOf(ResourceException.class)
                    .hasMessageStartingWith("The reply at partita.replies.1-0@3 cannot be read as a " + Quote.class.getName()
                            + ": jakarta.json.bind.JsonbException");
        }
    }

    private static ConsumerRecord<byte[], byte[]> reply(String value) {
        return new ConsumerRecord<>("partita.replies.1", 0, 3, null, value.getBytes(StandardCharsets.UTF_8));
    }
}
