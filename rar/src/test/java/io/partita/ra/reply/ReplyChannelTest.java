package io.partita.ra.reply;

import io.partita.ra.api.ReplyHeaders;
import io.partita.ra.api.ReplyTimeoutException;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Requests and their replies through a real {@link ReplyChannel} and {@link ReplyConsumer}, with Kafka's
 * {@link MockProducer} taking the requests and {@link MockConsumer} standing for the node's reply partition; replies
 * are addressed from the requests' headers by {@link ReplyAddress}, as a bean's are.
 */
class ReplyChannelTest {

    private static final TopicPartition REPLIES = new TopicPartition("partita.replies.1", 0);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest");
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ExecutorService requesters = Executors.newCachedThreadPool();
    private final AtomicLong nextReplyOffset = new AtomicLong();
    private ReplyChannel channel;

    @BeforeEach
    void startChannel() {
        consumer.updateEndOffsets(Map.of(REPLIES, 0L));
        channel = ReplyChannel.start(REPLIES, () -> consumer, task -> new Thread(task, "replies").start());
    }

    @AfterEach
    void closeChannel() {
        channel.close();
        requesters.shutdownNow();
    }

    @Test
    void aRequestCarriesItsReplyAddressAndGetsTheReplyWithItsCorrelationIdNotAnother() throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("quotes", 2, bytes("k"), bytes("book"));
        record.headers().add("origin", bytes("shop")).add(ReplyHeaders.CORRELATION_ID, bytes("forged"));
        CompletableFuture<ConsumerRecord<byte[], byte[]>> reply = requestAsync(producer, record, LONG);

        ProducerRecord<byte[], byte[]> sent = awaitRequest(0);
        assertThat(sent.topic()).isEqualTo("quotes");
        assertThat(sent.partition()).isEqualTo(2);
        assertThat(text(sent.key())).isEqualTo("k");
        assertThat(text(sent.value())).isEqualTo("book");
        assertThat(header(sent, "origin")).isEqualTo("shop");
        assertThat(header(sent, ReplyHeaders.CORRELATION_ID)).matches("[0-9a-f]{32}");
        assertThat(sent.headers().headers(ReplyHeaders.CORRELATION_ID)).hasSize(1);
        assertThat(header(sent, ReplyHeaders.REPLY_TOPIC)).isEqualTo("partita.replies.1");
        assertThat(header(sent, ReplyHeaders.REPLY_PARTITION)).isEqualTo("0");

        addReply(ReplyAddress.of(replyHeaders("0123456789abcdef0123456789abcdef"), "another request").reply(bytes("not yours"),
                new RecordHeaders()));
        answer(sent, "quoted");
        assertThat(text(reply.get(10, TimeUnit.SECONDS).value())).isEqualTo("quoted");
        assertThat(channel.waiting()).isZero();
    }

    @Test
    void aRequestNobodyAnswersTimesOutAndLeavesNothingWaiting() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> channel.request(new ProducerRecord<>("quotes", bytes("lost")), Duration.ofMillis(300),
                producer::send)).isInstanceOf(ReplyTimeoutException.class)
                .hasMessageMatching("No reply within 300 ms to the request [0-9a-f]{32} sent to quotes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(channel.waiting()).isZero();
    }

    @Test
    void aReplyAfterItsRequestTimedOutIsDroppedAndTheNextRequestGetsItsOwn() throws Exception {
        assertThatThrownBy(() -> channel.request(new ProducerRecord<>("quotes", bytes("first")), Duration.ofMillis(200),
                producer::send)).isInstanceOf(ReplyTimeoutException.class);
        answer(awaitRequest(0), "too late");

        CompletableFuture<ConsumerRecord<byte[], byte[]>> second =
                requestAsync(producer, new ProducerRecord<>("quotes", bytes("second")), LONG);
        answer(awaitRequest(1), "in time");

        assertThat(text(second.get(10, TimeUnit.SECONDS).value())).isEqualTo("in time");
        assertThat(channel.waiting()).isZero();
    }

    @Test
    void concurrentRequestsEachGetTheirOwnReplyWhateverTheOrderOfTheReplies() throws Exception {
        List<CompletableFuture<ConsumerRecord<byte[], byte[]>>> replies = IntStream.range(0, 20)
                .mapToObj(i -> requestAsync(producer, new ProducerRecord<>("quotes", bytes("q-" + i)), LONG)).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 20);

        List<ProducerRecord<byte[], byte[]>> requests = new ArrayList<>(producer.history());
        Collections.reverse(requests);
        for (ProducerRecord<byte[], byte[]> request : requests) answer(request, "re: " + text(request.value()));

        for (int i = 0; i < replies.size(); i++) {
            assertThat(text(replies.get(i).get(10, TimeUnit.SECONDS).value())).isEqualTo("re: q-" + i);
        }
        assertThat(channel.waiting()).isZero();
    }

    @Test
    void aRequestWhoseSendFailsFailsAtOnceWithKafkasReason() {
        MockProducer<byte[], byte[]> refusing = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        CompletableFuture<ConsumerRecord<byte[], byte[]>> reply =
                requestAsync(refusing, new ProducerRecord<>("quotes", bytes("secret")), LONG);
        await().atMost(Duration.ofSeconds(10)).until(() -> refusing.history().size() == 1);

        refusing.errorNext(new TopicAuthorizationException(Set.of("quotes")));

        assertThat(reply).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(ResourceException.class)
                .withMessageMatching("The request [0-9a-f]{32} to quotes failed: .*TopicAuthorizationException.*")
                .havingCause().isInstanceOf(TopicAuthorizationException.class);
        assertThat(channel.waiting()).isZero();
    }

    @Test
    void closingTheChannelFailsTheRequestsStillWaitingAndRefusesNewOnes() {
        CompletableFuture<ConsumerRecord<byte[], byte[]>> reply =
                requestAsync(producer, new ProducerRecord<>("quotes", bytes("pending")), LONG);
        awaitRequest(0);

        channel.close();

        assertThat(reply).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(ResourceException.class)
                .withMessageContaining("No more replies are read from partita.replies.1-0");
        assertThat(channel.isRunning()).isFalse();
        assertThatThrownBy(() -> channel.request(new ProducerRecord<>("quotes", bytes("late")), LONG, producer::send))
                .isInstanceOf(ResourceException.class).hasMessage("No more replies are read from partita.replies.1-0");
        assertThat(channel.waiting()).isZero();
    }

    @Test
    void aChannelWhoseConsumerCannotStartFailsItsRequestsWithTheReason() {
        ReplyChannel broken = ReplyChannel.start(REPLIES, () -> {
            throw new KafkaException("Cannot create the reply topic partita.replies.1: no rights");
        }, task -> new Thread(task, "broken-replies").start());

        assertThatThrownBy(() -> broken.request(new ProducerRecord<>("quotes", bytes("x")), LONG, producer::send))
                .isInstanceOf(ResourceException.class)
                .hasMessage("The reply consumer of partita.replies.1-0 could not start: org.apache.kafka.common.KafkaException: "
                        + "Cannot create the reply topic partita.replies.1: no rights");
        await().atMost(Duration.ofSeconds(10)).until(() -> !broken.isRunning());
        assertThat(producer.history()).isEmpty();
    }

    private CompletableFuture<ConsumerRecord<byte[], byte[]>> requestAsync(MockProducer<byte[], byte[]> sender,
                                                                         ProducerRecord<byte[], byte[]> record,
                                                                         Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return channel.request(record, timeout, sender::send);
            } catch (ResourceException e) {
                throw new CompletionException(e);
            }
        }, requesters);
    }

    private ProducerRecord<byte[], byte[]> awaitRequest(int index) {
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() > index);
        return producer.history().get(index);
    }

    /** Replies as a bean does: to the address in the request's headers. */
    private void answer(ProducerRecord<byte[], byte[]> request, String value) throws ResourceException {
        addReply(ReplyAddress.of(request.headers(), "request " + text(request.value())).reply(bytes(value), new RecordHeaders()));
    }

    /** The reply as the node stores it: the next record of the reply partition. */
    private void addReply(ProducerRecord<byte[], byte[]> reply) {
        assertThat(new TopicPartition(reply.topic(), reply.partition())).isEqualTo(REPLIES);
        consumer.addRecord(new ConsumerRecord<>(reply.topic(), reply.partition(), nextReplyOffset.getAndIncrement(),
                0L, TimestampType.CREATE_TIME, -1, -1, reply.key(), reply.value(), reply.headers(), Optional.empty()));
    }

    private static RecordHeaders replyHeaders(String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.CORRELATION_ID, bytes(correlationId));
        headers.add(ReplyHeaders.REPLY_TOPIC, bytes(REPLIES.topic()));
        headers.add(ReplyHeaders.REPLY_PARTITION, bytes("0"));
        return headers;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
