package io.partita.ra;

import io.partita.ra.inbound.PartitaActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivationValidationTest {

    @Test
    void anActivationWithAnUnknownSecurityProtocolIsRefusedNamingTheProperty() {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics("orders");
        spec.setGroupId("shop");
        spec.setSecurityProtocol("SASL_TLS");

        assertThatThrownBy(() -> new PartitaResourceAdapter().endpointActivation(null, spec))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("securityProtocol must be one of").hasMessageContaining("SASL_TLS");
    }
}
