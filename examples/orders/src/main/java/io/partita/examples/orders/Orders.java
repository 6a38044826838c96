package io.partita.examples.orders;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * Where the orders go, and the connection factory that sends them: one producer shared by every request, batching
 * for up to 5 ms and waiting for every replica's acknowledgement.
 */
@ConnectionFactoryDefinition(
        name = Orders.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        properties = {"acks=all", "lingerMs=5", "maxBlockMs=10000", "deliveryTimeoutMs=30000"})
public final class Orders {

    static final String CONNECTION_FACTORY = "java:app/orders/partita";
    static final String TOPIC = "orders";
    static final int PARTITIONS = 3;

    private Orders() {
    }
}
