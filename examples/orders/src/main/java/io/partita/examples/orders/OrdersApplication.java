package io.partita.examples.orders;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST resources at the application's context root ({@code /orders/} when deployed as orders.war), and the
 * connection factory that sends the orders: one producer shared by every request, batching for up to 5 ms and
 * waiting for every replica's acknowledgement; a send fails after 10 s without metadata (e.g. no topic).
 */
@ApplicationPath("")
@ConnectionFactoryDefinition(
        name = Orders.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        properties = {"acks=all", "lingerMs=5", "maxBlockMs=10000", "deliveryTimeoutMs=45000"})
public class OrdersApplication extends Application {
}
