package io.partita.systemtests.raapp;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.List;

/** The REST resources, and the connection factory the producing bean uses (batching for 5 ms, 64 KiB batches). */
@ApplicationPath("")
@ConnectionFactoryDefinition(
        name = RaTestApplication.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        properties = {"acks=all", "lingerMs=5", "batchSize=65536", "compressionType=lz4", "maxBlockMs=20000"})
public class RaTestApplication extends Application {

    static final String CONNECTION_FACTORY = "java:app/ratest/partita";
    public static final String BULK_TOPIC = "ra.bulk";
    public static final String FLAKY_TOPIC = "ra.flaky";
    public static final String FLAKY_DEAD_LETTERS = "ra.flaky.dlt";
    public static final String BATCH_TOPIC = "ra.batch";
    public static final String BATCH_DEAD_LETTERS = "ra.batch.dlt";
    public static final String STUBBORN_TOPIC = "ra.stubborn";
    public static final String RELAY_TOPIC = "ra.relay";
    public static final String RELAY_OUTPUT = "ra.relay.out";
    public static final String TYPED_TOPIC = "ra.typed";
    public static final String TYPED_DEAD_LETTERS = "ra.typed.dlt";
    public static final String TYPED_BATCH_TOPIC = "ra.typed.batch";
    public static final String TYPED_BATCH_DEAD_LETTERS = "ra.typed.batch.dlt";
    /** Values {@code POST /orders} sends among the orders: none is an {@link Order} document. */
    public static final List<String> MALFORMED_ORDERS = List.of("{\"id\":\"bad-0\",\"item\":\"book\",\"quantity\":",
            "{\"id\":\"bad-1\",\"item\":\"book\",\"quantity\":\"two\"}", "not json", "[1,2,3]", "<order id=\"bad-4\"/>");
    /** Records whose value starts with this make the flaky and batch listeners throw. */
    public static final String POISON = "poison";
}
