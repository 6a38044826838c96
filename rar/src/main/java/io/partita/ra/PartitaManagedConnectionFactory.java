package io.partita.ra;

import io.partita.engine.PartitaNode;
import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.reply.ReplyChannel;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import org.apache.kafka.clients.producer.ProducerConfig;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Creates connections to the node of the resource adapter it belongs to. Every managed connection is
 * interchangeable with every other, so matching picks the first one offered.
 *
 * <p>The config properties are producer settings under JavaBean names ({@code lingerMs} for Kafka's
 * {@code linger.ms}); {@code producerProperties} takes any other producer config as
 * {@code name=value} pairs separated by {@code ;}. Unset ones keep Kafka's defaults. A secured node takes the
 * factory's {@link ClientCredentials} ({@code securityProtocol}, {@code saslMechanism}, {@code userName},
 * {@code password}, {@code sslTruststoreLocation}, {@code sslTruststorePassword}): its sends act as that user. All connections of one
 * factory share one producer built from these settings on first use ({@link SharedProducer}); the adapter closes
 * it when it stops. Typed sends go through the factory's {@link RecordSerializers} ({@code keySerializer},
 * {@code valueSerializer}, else JSON-B) into the same producers; requests wait for their replies on the node's
 * {@link ReplyChannel}, shared by every factory, and typed ones read them with the factory's {@link ReplyReaders}.
 *
 * <p>Transactions: the adapter supports {@code LocalTransaction}. A factory declared with that support level
 * ({@code @ConnectionFactoryDefinition(transactionSupport = LocalTransaction)}) has its connections enlisted in the
 * caller's JTA transaction: what they send then goes to a Kafka transaction on a producer of the factory's
 * {@link TransactionalProducers} and becomes visible to read_committed consumers only if the JTA transaction commits
 * ({@link ConnectionTransaction}). Outside a JTA transaction, and always for a {@code NoTransaction} factory, sends
 * go through the shared producer.
 *
 * <p>Configured once by the container, then used from any thread.
 */
@ConnectionDefinition(
        connectionFactory = PartitaConnectionFactory.class,
        connectionFactoryImpl = PartitaConnectionFactoryImpl.class,
        connection = PartitaConnection.class,
        connectionImpl = PartitaConnectionImpl.class)
public class PartitaManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;
    private static final String EXTRA = "producerProperties";
    private static final String TRANSACTIONAL_ID_PREFIX = "transactionalIdPrefix";
    private static final String KEY_SERIALIZER = "keySerializer";
    private static final String VALUE_SERIALIZER = "valueSerializer";
    /** Settings of the factory that are no producer configs. */
    private static final Set<String> OWN_SETTINGS = Set.of(EXTRA, TRANSACTIONAL_ID_PREFIX, KEY_SERIALIZER, VALUE_SERIALIZER);

    private final Map<String, String> producerSettings = new HashMap<>();
    private String securityProtocol;
    private String saslMechanism;
    private String userName;
    private String password;
    private String truststoreLocation;
    private String truststorePassword;
    private transient volatile PartitaResourceAdapter adapter;
    private transient SharedProducer producer;
    private transient TransactionalProducers transactionalProducers;
    private transient RecordSerializers serializers;
    private transient ReplyReaders replyReaders;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new PartitaConnectionFactoryImpl(this, connectionManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new NotSupportedException("Partita connections are managed by an application server");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) {
        return new PartitaManagedConnection(this);
    }

    @Override
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object candidate : candidates) {
            if (candidate instanceof PartitaManagedConnection connection) return connection;
        }
        return null;
    }

    /** The adapter's running node; fails when it has not started or has stopped. */
    PartitaNode node() throws ResourceException {
        PartitaResourceAdapter ra = adapter;
        PartitaNode node = ra == null ? null : ra.node();
        if (node == null) throw new ResourceException("The Partita node of this server is not running");
        return node;
    }

    /** The producer of this factory, created (and handed to the adapter to close) on first use. */
    synchronized SharedProducer producer() throws ResourceException {
        PartitaResourceAdapter ra = adapter;
        if (producer == null) {
            node();
            ClientCredentials credentials = credentials();
            producer = ra.register(new SharedProducer(producerConfig(), () -> ra.bootstrapAddress(credentials)));
        }
        return producer;
    }

    /**
     * The transactional producers of this factory, created (and handed to the adapter to close) on first use. Their
     * {@code transactional.id} prefix is {@code transactionalIdPrefix}, by default {@code partita-<node.id>-<hash of
     * the producer settings>}, made unique among the factories of this node by the adapter.
     */
    synchronized TransactionalProducers transactionalProducers() throws ResourceException {
        PartitaResourceAdapter ra = adapter;
        if (transactionalProducers == null) {
            PartitaNode running = node();
            Map<String, Object> config = producerConfig();
            String prefix = producerSettings.get(TRANSACTIONAL_ID_PREFIX);
            if (prefix == null) {
                // of the settings without the credentials: a transactional id is visible to every admin
                prefix = "partita-" + running.config().nodeId() + "-" + Integer.toHexString(settings().hashCode());
            }
            transactionalProducers = ra.register(
                    new TransactionalProducers(config, ra.claimTransactionalIdPrefix(prefix), () -> ra.bootstrapAddress(credentials())));
        }
        return transactionalProducers;
    }

    /**
     * The serializers of this factory's typed sends, created (and handed to the adapter to close) on the first one:
     * the configured classes are resolved through the sending application's class loader.
     */
    synchronized RecordSerializers serializers() throws ResourceException {
        PartitaResourceAdapter ra = adapter;
        if (serializers == null) {
            node();
            serializers = ra.register(RecordSerializers.create(producerSettings.get(KEY_SERIALIZER),
                    producerSettings.get(VALUE_SERIALIZER), applicationLoader(), producerConfig()));
        }
        return serializers;
    }

    /** The readers of this factory's typed replies, created (and handed to the adapter to close) on the first one. */
    synchronized ReplyReaders replyReaders() throws ResourceException {
        PartitaResourceAdapter ra = adapter;
        if (replyReaders == null) {
            node();
            replyReaders = ra.register(new ReplyReaders(applicationLoader()));
        }
        return replyReaders;
    }

    /** The node's reply channel, which every factory's requests share. */
    ReplyChannel replies() throws ResourceException {
        node();
        return adapter.replies();
    }

    /** The calling application's class loader, which resolves its classes (serializers, JSON-B types). */
    private static ClassLoader applicationLoader() {
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        return application == null ? AdapterClassLoader.loader() : application;
    }

    /**
     * The configured producer settings by Kafka's names, {@code producerProperties} overriding the named ones, and
     * the credentials' configs.
     */
    synchronized Map<String, Object> producerConfig() throws ResourceException {
        Map<String, Object> config = new HashMap<>();
        producerSettings.forEach((name, value) -> {
            if (!OWN_SETTINGS.contains(name)) config.put(name, value);
        });
        config.putAll(NameValuePairs.parse(EXTRA, producerSettings.get(EXTRA)));
        ClientCredentials credentials = credentials();
        credentials.validate();
        credentials.applyTo(config);
        return config;
    }

    synchronized ClientCredentials credentials() {
        return new ClientCredentials(securityProtocol, saslMechanism, userName, password, truststoreLocation, truststorePassword);
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.adapter = (PartitaResourceAdapter) adapter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // Required by the ManagedConnectionFactory contract: factories are equal when their settings are.
    @Override
    public boolean equals(Object other) {
        // Compares copies: locking both factories at once could deadlock with the reverse comparison.
        return other instanceof PartitaManagedConnectionFactory that && that.adapter == adapter
                && that.settings().equals(settings()) && that.credentials().equals(credentials());
    }

    @Override
    public synchronized int hashCode() {
        return producerSettings.hashCode();
    }

    private synchronized Map<String, String> settings() {
        return new HashMap<>(producerSettings);
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private synchronized void set(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            producerSettings.remove(name);
        } else {
            producerSettings.put(name, value.toString().strip());
        }
    }

    private synchronized String get(String name) {
        return producerSettings.get(name);
    }

    private Integer getInt(String name) {
        String value = get(name);
        return value == null ? null : Integer.valueOf(value);
    }

    private Long getLong(String name) {
        String value = get(name);
        return value == null ? null : Long.valueOf(value);
    }

    @ConfigProperty(description = "acks: 0, 1 or all (Kafka's default: all)")
    public void setAcks(String acks) { set(ProducerConfig.ACKS_CONFIG, acks); }
    public String getAcks() { return get(ProducerConfig.ACKS_CONFIG); }

    @ConfigProperty(description = "linger.ms: how long a batch waits for more records")
    public void setLingerMs(Integer lingerMs) { set(ProducerConfig.LINGER_MS_CONFIG, lingerMs); }
    public Integer getLingerMs() { return getInt(ProducerConfig.LINGER_MS_CONFIG); }

    @ConfigProperty(description = "batch.size: the most bytes of one partition's batch")
    public void setBatchSize(Integer batchSize) { set(ProducerConfig.BATCH_SIZE_CONFIG, batchSize); }
    public Integer getBatchSize() { return getInt(ProducerConfig.BATCH_SIZE_CONFIG); }

    @ConfigProperty(description = "compression.type: none, gzip, snappy, lz4 or zstd")
    public void setCompressionType(String type) { set(ProducerConfig.COMPRESSION_TYPE_CONFIG, type); }
    public String getCompressionType() { return get(ProducerConfig.COMPRESSION_TYPE_CONFIG); }

    @ConfigProperty(description = "partitioner.class: a Partitioner visible to the resource adapter's class loader")
    public void setPartitionerClass(String name) { set(ProducerConfig.PARTITIONER_CLASS_CONFIG, name); }
    public String getPartitionerClass() { return get(ProducerConfig.PARTITIONER_CLASS_CONFIG); }

    @ConfigProperty(description = "enable.idempotence (Kafka's default: true)")
    public void setEnableIdempotence(Boolean enable) { set(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, enable); }
    public Boolean getEnableIdempotence() {
        String value = get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        return value == null ? null : Boolean.valueOf(value);
    }

    @ConfigProperty(description = "delivery.timeout.ms: how long send() may take until the future fails")
    public void setDeliveryTimeoutMs(Integer ms) { set(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms); }
    public Integer getDeliveryTimeoutMs() { return getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG); }

    @ConfigProperty(description = "request.timeout.ms")
    public void setRequestTimeoutMs(Integer ms) { set(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms); }
    public Integer getRequestTimeoutMs() { return getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG); }

    @ConfigProperty(description = "max.block.ms: how long send() may block for metadata or buffer space")
    public void setMaxBlockMs(Long ms) { set(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms); }
    public Long getMaxBlockMs() { return getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG); }

    @ConfigProperty(description = "buffer.memory: bytes of records waiting to be sent")
    public void setBufferMemory(Long bytes) { set(ProducerConfig.BUFFER_MEMORY_CONFIG, bytes); }
    public Long getBufferMemory() { return getLong(ProducerConfig.BUFFER_MEMORY_CONFIG); }

    @ConfigProperty(description = "max.request.size")
    public void setMaxRequestSize(Integer bytes) { set(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, bytes); }
    public Integer getMaxRequestSize() { return getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG); }

    @ConfigProperty(description = "client.id")
    public void setClientId(String clientId) { set(ProducerConfig.CLIENT_ID_CONFIG, clientId); }
    public String getClientId() { return get(ProducerConfig.CLIENT_ID_CONFIG); }

    @ConfigProperty(description = "transactional.id prefix of the producers serving JTA transactions (each takes "
            + "<prefix>-<index>); keep it stable across restarts so a restarted server fences its predecessor's producers")
    public void setTransactionalIdPrefix(String prefix) { set(TRANSACTIONAL_ID_PREFIX, prefix); }
    public String getTransactionalIdPrefix() { return get(TRANSACTIONAL_ID_PREFIX); }

    @ConfigProperty(description = "security.protocol of the node's listener: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL")
    public synchronized void setSecurityProtocol(String protocol) { securityProtocol = blankAsNull(protocol); }
    public synchronized String getSecurityProtocol() { return securityProtocol; }

    @ConfigProperty(description = "sasl.mechanism: PLAIN (the default with a userName), SCRAM-SHA-256 or SCRAM-SHA-512")
    public synchronized void setSaslMechanism(String mechanism) { saslMechanism = blankAsNull(mechanism); }
    public synchronized String getSaslMechanism() { return saslMechanism; }

    @ConfigProperty(description = "The user the factory's sends act as (SASL)")
    public synchronized void setUserName(String name) { userName = blankAsNull(name); }
    public synchronized String getUserName() { return userName; }

    @ConfigProperty(description = "The user's password", confidential = true)
    public synchronized void setPassword(String secret) { password = blankAsNull(secret); }
    public synchronized String getPassword() { return password; }

    @ConfigProperty(description = "ssl.truststore.location: the trust store (PKCS12 or JKS) for the node's TLS certificate")
    public synchronized void setSslTruststoreLocation(String location) { truststoreLocation = blankAsNull(location); }
    public synchronized String getSslTruststoreLocation() { return truststoreLocation; }

    @ConfigProperty(description = "ssl.truststore.password", confidential = true)
    public synchronized void setSslTruststorePassword(String secret) { truststorePassword = blankAsNull(secret); }
    public synchronized String getSslTruststorePassword() { return truststorePassword; }

    @ConfigProperty(description = "A Kafka Serializer class for the keys of typed sends (by default: byte[] as is, "
            + "String as UTF-8, else JSON-B)")
    public void setKeySerializer(String className) { set(KEY_SERIALIZER, className); }
    public String getKeySerializer() { return get(KEY_SERIALIZER); }

    @ConfigProperty(description = "A Kafka Serializer class for the values of typed sends (by default: byte[] as is, "
            + "String as UTF-8, else JSON-B)")
    public void setValueSerializer(String className) { set(VALUE_SERIALIZER, className); }
    public String getValueSerializer() { return get(VALUE_SERIALIZER); }

    @ConfigProperty(description = "Any other producer configs by Kafka's names: name=value pairs separated by ';'")
    public void setProducerProperties(String properties) { set(EXTRA, properties); }
    public String getProducerProperties() { return get(EXTRA); }
}
