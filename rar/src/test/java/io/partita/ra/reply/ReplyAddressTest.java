package io.partita.ra.reply;

import io.partita.ra.api.ReplyHeaders;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyAddressTest {

    @Test
    void theReplyGoesToTheRequestsReplyPartitionWithItsCorrelationIdAndWithoutKey() throws Exception {
        RecordHeaders request = headers("c0ffee", "partita.replies.3", "0");
        RecordHeaders answerHeaders = new RecordHeaders();
        answerHeaders.add("content-type", bytes("application/json"));

        ProducerRecord<byte[], byte[]> reply = ReplyAddress.of(request, "quotes-1@7").reply(bytes("{}"), answerHeaders);

        assertThat(reply.topic()).isEqualTo("partita.replies.3");
        assertThat(reply.partition()).isZero();
        assertThat(reply.key()).isNull();
        assertThat(text(reply.value())).isEqualTo("{}");
        assertThat(text(reply.headers().lastHeader(ReplyHeaders.CORRELATION_ID).value())).isEqualTo("c0ffee");
        assertThat(text(reply.headers().lastHeader("content-type").value())).isEqualTo("application/json");
        assertThat(answerHeaders.toArray()).as("the answer's own headers are left alone").hasSize(1);
    }

    @Test
    void aRecordWithoutTheRequestHeadersHasNowhereToReplyTo() {
        RecordHeaders withoutTopic = new RecordHeaders();
        withoutTopic.add(ReplyHeaders.CORRELATION_ID, bytes("c0ffee"));

        assertThatThrownBy(() -> ReplyAddress.of(new RecordHeaders(), "quotes-1@7")).isInstanceOf(ResourceException.class)
                .hasMessage("quotes-1@7 is no request of PartitaConnection.request: it has no partita.correlation.id "
                        + "header, so there is nowhere to reply to");
        assertThatThrownBy(() -> ReplyAddress.of(withoutTopic, "quotes-1@8")).isInstanceOf(ResourceException.class)
                .hasMessageContaining("it has no partita.reply.topic header");
        assertThatThrownBy(() -> ReplyAddress.of(headers("c0ffee", "partita.replies.3", "first"), "quotes-1@9"))
                .isInstanceOf(ResourceException.class)
                .hasMessage("quotes-1@9 has no partition number in its partita.reply.partition header: first");
    }

    private static RecordHeaders headers(String correlationId, String topic, String partition) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.CORRELATION_ID, bytes(correlationId));
        headers.add(ReplyHeaders.REPLY_TOPIC, bytes(topic));
        headers.add(ReplyHeaders.REPLY_PARTITION, bytes(partition));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
