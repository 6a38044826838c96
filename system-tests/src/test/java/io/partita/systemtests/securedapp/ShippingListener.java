package io.partita.systemtests.securedapp;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Consumes the orders as alice, her password from an environment variable; a poison record fails its one delivery
 * and goes to the dead-letter topic, written as alice too.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = SecuredApplication.ORDERS),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = SecuredApplication.SHIPPING_GROUP),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "0"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = SecuredApplication.ORDERS_DEAD_LETTERS),
        @ActivationConfigProperty(propertyName = "securityProtocol", propertyValue = "SASL_SSL"),
        @ActivationConfigProperty(propertyName = "saslMechanism", propertyValue = "SCRAM-SHA-512"),
        @ActivationConfigProperty(propertyName = "userName", propertyValue = "alice"),
        @ActivationConfigProperty(propertyName = "password", propertyValue = "${ENV=" + SecuredApplication.ALICE_PASSWORD_ENV + "}"),
        @ActivationConfigProperty(propertyName = "sslTruststoreLocation", propertyValue = "${ENV=" + SecuredApplication.TRUSTSTORE_ENV + "}"),
        @ActivationConfigProperty(propertyName = "sslTruststorePassword", propertyValue = "${ENV=" + SecuredApplication.TRUSTSTORE_PASSWORD_ENV + "}")
})
public class ShippingListener implements RecordListener {

    @Inject
    private Shipments shipments;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        if (value.startsWith(SecuredApplication.POISON)) throw new IllegalStateException("cannot ship " + value);
        shipments.delivered(value);
    }
}
