package io.partita.ra;

import io.partita.ra.api.PartitaConnection;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests a connection refuses before anything is sent. */
class ConnectionRequestTest {

    private final PartitaManagedConnection managed = new PartitaManagedConnection(new PartitaManagedConnectionFactory());
    private final PartitaConnection connection = (PartitaConnection) managed.getConnection(null, null);

    @Test
    void aRequestInTheConnectionsJtaTransactionIsRefusedForItCouldNeverBeAnswered() throws Exception {
        managed.getLocalTransaction().begin();

        assertThatThrownBy(() -> connection.request(new ProducerRecord<>("quotes", new byte[0]), Duration.ofSeconds(5)))
                .isInstanceOf(ResourceException.class)
                .hasMessage("A request to quotes cannot be sent in the connection's JTA transaction: it would become "
                        + "visible only when the transaction commits, after the wait for its reply. Request outside the "
                        + "transaction, or through a NoTransaction connection factory");
    }

    @Test
    void aRequestWithoutARunningNodeIsRefused() {
        assertThatThrownBy(() -> connection.request(new ProducerRecord<>("quotes", new byte[0]), Duration.ofSeconds(5)))
                .isInstanceOf(ResourceException.class).hasMessage("The Partita node of this server is not running");
    }
}
