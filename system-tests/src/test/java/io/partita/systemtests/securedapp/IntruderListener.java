package io.partita.systemtests.securedapp;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/** Claims to be alice with a wrong password: the node refuses its consumer, so it must never be given a record. */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = SecuredApplication.ORDERS),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "secured-intruders"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "securityProtocol", propertyValue = "SASL_SSL"),
        @ActivationConfigProperty(propertyName = "saslMechanism", propertyValue = "SCRAM-SHA-512"),
        @ActivationConfigProperty(propertyName = "userName", propertyValue = "alice"),
        @ActivationConfigProperty(propertyName = "password", propertyValue = SecuredApplication.WRONG_PASSWORD),
        @ActivationConfigProperty(propertyName = "sslTruststoreLocation", propertyValue = "${ENV=" + SecuredApplication.TRUSTSTORE_ENV + "}"),
        @ActivationConfigProperty(propertyName = "sslTruststorePassword", propertyValue = "${ENV=" + SecuredApplication.TRUSTSTORE_PASSWORD_ENV + "}")
})
public class IntruderListener implements RecordListener {

    @Inject
    private Shipments shipments;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        shipments.delivered("intruder got " + new String(record.value(), StandardCharsets.UTF_8));
    }
}
