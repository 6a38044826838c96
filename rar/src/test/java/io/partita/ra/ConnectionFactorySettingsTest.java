package io.partita.ra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFactorySettingsTest {

    @Test
    void configPropertiesBecomeKafkaProducerConfigsAndFreeFormOnesOverrideThem() throws Exception {
        PartitaManagedConnectionFactory factory = new PartitaManagedConnectionFactory();
        factory.setAcks("1");
        factory.setLingerMs(20);
        factory.setBatchSize(65536);
        factory.setCompressionType("lz4");
        factory.setEnableIdempotence(false);
        factory.setMaxBlockMs(5000L);
        factory.setProducerProperties("max.in.flight.requests.per.connection=1; linger.ms=30");
        factory.setTransactionalIdPrefix("shop-tx");
        factory.setKeySerializer("org.apache.kafka.common.serialization.StringSerializer");
        factory.setValueSerializer("org.apache.kafka.common.serialization.LongSerializer");

        assertThat(factory.producerConfig())
                .containsEntry("acks", "1")
                .containsEntry("batch.size", "65536")
                .containsEntry("compression.type", "lz4")
                .containsEntry("enable.idempotence", "false")
                .containsEntry("max.block.ms", "5000")
                .containsEntry("max.in.flight.requests.per.connection", "1")
                .containsEntry("linger.ms", "30")
                .hasSize(7);
        assertThat(factory.getLingerMs()).isEqualTo(20);
        assertThat(factory.getEnableIdempotence()).isFalse();
        assertThat(factory.getTransactionalIdPrefix()).as("not a producer config: the pool's ids").isEqualTo("shop-tx");
        assertThat(factory.getValueSerializer()).as("not a producer config: the typed sends' serializer")
                .isEqualTo("org.apache.kafka.common.serialization.LongSerializer");
    }

    @Test
    void factoriesWithTheSameSettingsAreEqualAndBlankSettingsAreUnset() {
        PartitaManagedConnectionFactory one = new PartitaManagedConnectionFactory();
        PartitaManagedConnectionFactory other = new PartitaManagedConnectionFactory();
        one.setAcks("all");
        other.setAcks("all");
        other.setCompressionType(" ");

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
        other.setTransactionalIdPrefix("other-tx");
        assertThat(one).as("factories of other transactional ids").isNotEqualTo(other);
    }

    @Test
    void credentialsBecomeSaslConfigsAndMakeAnotherFactory() throws Exception {
        PartitaManagedConnectionFactory factory = new PartitaManagedConnectionFactory();
        factory.setSecurityProtocol("SASL_PLAINTEXT");
        factory.setSaslMechanism("SCRAM-SHA-256");
        factory.setUserName("orders-app");
        factory.setPassword("s3cret");

        assertThat(factory.producerConfig())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsKey("sasl.jaas.config");
        assertThat(factory.credentials().toString()).doesNotContain("s3cret");

        PartitaManagedConnectionFactory other = new PartitaManagedConnectionFactory();
        other.setSecurityProtocol("SASL_PLAINTEXT");
        other.setSaslMechanism("SCRAM-SHA-256");
        other.setUserName("orders-app");
        other.setPassword("another");
        assertThat(factory).as("factories of other passwords").isNotEqualTo(other);
    }
}
