package io.partita.bench.ra;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The benchmark's REST application and its connection factory. {@link #PRODUCER_SETTINGS} are the factory's
 * producer settings in Kafka's names; the plain KafkaProducer of {@link SendResource} gets the same ones.
 */
@ApplicationPath("")
@ConnectionFactoryDefinition(
        name = BenchApplication.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        properties = {"acks=1", "lingerMs=5", "batchSize=65536", "compressionType=none"})
public class BenchApplication extends Application {

    static final String CONNECTION_FACTORY = "java:app/bench/partita";

    /** The same settings as the connection factory's properties above, by Kafka's names. */
    static final String[][] PRODUCER_SETTINGS = {
            {"acks", "1"}, {"linger.ms", "5"}, {"batch.size", "65536"}, {"compression.type", "none"}};
}
