package io.partita.systemtests.securedapp;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.ConnectionFactoryDefinitions;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST resources and two connection factories acting as alice over SASL_SSL: one with her password from a Payara
 * password alias, one with a wrong password. The trust store is the test's, made at run time, so its location and
 * password come from environment variables: Payara resolves {@code ${ALIAS=...}} and {@code ${ENV=...}} in
 * connection factory and activation properties.
 */
@ApplicationPath("")
@ConnectionFactoryDefinitions({
        @ConnectionFactoryDefinition(name = SecuredApplication.ALICE_FACTORY,
                interfaceName = "io.partita.ra.api.PartitaConnectionFactory", resourceAdapter = "partita-rar",
                transactionSupport = TransactionSupportLevel.NoTransaction,
                properties = {"securityProtocol=SASL_SSL", "saslMechanism=SCRAM-SHA-512", "userName=alice",
                        "password=${ALIAS=" + SecuredApplication.ALICE_PASSWORD_ALIAS + "}",
                        "sslTruststoreLocation=${ENV=" + SecuredApplication.TRUSTSTORE_ENV + "}",
                        "sslTruststorePassword=${ENV=" + SecuredApplication.TRUSTSTORE_PASSWORD_ENV + "}",
                        "maxBlockMs=20000"}),
        @ConnectionFactoryDefinition(name = SecuredApplication.WRONG_PASSWORD_FACTORY,
                interfaceName = "io.partita.ra.api.PartitaConnectionFactory", resourceAdapter = "partita-rar",
                transactionSupport = TransactionSupportLevel.NoTransaction,
                properties = {"securityProtocol=SASL_SSL", "saslMechanism=SCRAM-SHA-512", "userName=alice",
                        "password=" + SecuredApplication.WRONG_PASSWORD,
                        "sslTruststoreLocation=${ENV=" + SecuredApplication.TRUSTSTORE_ENV + "}",
                        "sslTruststorePassword=${ENV=" + SecuredApplication.TRUSTSTORE_PASSWORD_ENV + "}",
                        "maxBlockMs=20000"})})
public class SecuredApplication extends Application {

    static final String ALICE_FACTORY = "java:app/secured/alice";
    static final String WRONG_PASSWORD_FACTORY = "java:app/secured/wrong-password";
    public static final String ALICE_PASSWORD_ALIAS = "partita-it-alice";
    public static final String ALICE_PASSWORD_ENV = "RA_IT_ALICE_PASSWORD";
    public static final String TRUSTSTORE_ENV = "RA_IT_TRUSTSTORE";
    public static final String TRUSTSTORE_PASSWORD_ENV = "RA_IT_TRUSTSTORE_PASSWORD";
    public static final String WRONG_PASSWORD = "not-alices-password-5e1d";
    public static final String ORDERS = "secured.orders";
    public static final String ORDERS_DEAD_LETTERS = "secured.orders.dlt";
    public static final String SHIPPING_GROUP = "secured-shipping";
    /** Records whose value starts with this make {@link ShippingListener} throw. */
    public static final String POISON = "poison";
}
