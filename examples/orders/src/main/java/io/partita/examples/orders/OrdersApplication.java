package io.partita.examples.orders;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST resources at the application's context root ({@code /orders} when deployed as orders.war). */
@ApplicationPath("")
public class OrdersApplication extends Application {
}
