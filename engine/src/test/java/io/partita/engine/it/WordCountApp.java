package io.partita.engine.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * A Kafka Streams word count with {@code processing.guarantee=exactly_once_v2}: splits each input line into words,
 * repartitions by word, counts in the state store {@value #STORE} (backed by its changelog topic) and writes every
 * new count to the output topic. Record caches are off, so each input word yields exactly one output record: with
 * exactly-once, the counts a word shows on the output are 1, 2, ... n without gap or repeat.
 *
 * <p>Also a {@code main} for a Streams instance in a JVM of its own that a test can kill: arguments bootstrap
 * servers, application id, input topic, output topic, state directory; prints {@code running} once it runs.
 */
public final class WordCountApp {

    static final String STORE = "word-counts";

    private WordCountApp() {
    }

    static KafkaStreams create(String bootstrapServers, String applicationId, String input, String output, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.split(" ")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as(STORE))
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        Properties settings = new Properties();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 500);
        return new KafkaStreams(builder.build(), settings);
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaStreams streams = create(args[0], args[1], args[2], args[3], Path.of(args[4]));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) System.out.println("running");
        });
        streams.start();
        Thread.currentThread().join();
    }
}
