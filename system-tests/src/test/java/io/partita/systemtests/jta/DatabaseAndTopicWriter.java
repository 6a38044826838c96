package io.partita.systemtests.jta;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.apache.kafka.clients.producer.ProducerRecord;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes one row to an XA database (H2, in memory) and one record through the {@code LocalTransaction} factory in
 * one container-managed transaction, then ends it as asked ({@code commit} or {@code throw}): Kafka is the last
 * resource next to an XA one.
 */
@Stateless
@DataSourceDefinition(name = DatabaseAndTopicWriter.DATA_SOURCE, className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:mem:partita-jta;DB_CLOSE_DELAY=-1", user = "sa", password = "sa")
public class DatabaseAndTopicWriter {

    static final String DATA_SOURCE = "java:app/jta/db";

    @Resource(lookup = DATA_SOURCE)
    private DataSource database;

    @Resource(lookup = TransactionalSender.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    public void write(String topic, String id, String outcome) throws Exception {
        try (Connection db = database.getConnection();
             PreparedStatement insert = db.prepareStatement("INSERT INTO ORDERS(ID) VALUES (?)")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        try (PartitaConnection connection = partita.getConnection()) {
            connection.send(new ProducerRecord<>(topic, 0, null, id.getBytes(StandardCharsets.UTF_8)));
            connection.flush();
        }
        if (outcome.equals("throw")) throw new IllegalStateException("rolling " + id + " back");
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void createTable() throws SQLException {
        try (Connection db = database.getConnection(); Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS ORDERS(ID VARCHAR(64) PRIMARY KEY)");
        }
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean exists(String id) throws SQLException {
        try (Connection db = database.getConnection();
             PreparedStatement select = db.prepareStatement("SELECT COUNT(*) FROM ORDERS WHERE ID = ?")) {
            select.setString(1, id);
            try (ResultSet count = select.executeQuery()) {
                return count.next() && count.getInt(1) == 1;
            }
        }
    }
}
