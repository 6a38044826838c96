package io.partita.ra;

import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.NodeEnvironment;
import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;
import io.partita.ra.host.ActivationStatus;
import io.partita.ra.inbound.InboundActivation;
import io.partita.ra.inbound.PartitaActivationSpec;
import io.partita.ra.reply.ReplyChannel;
import io.partita.ra.reply.ReplyTopic;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.transaction.xa.XAResource;
import java.io.Serializable;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one Partita node for the lifetime of the resource adapter: {@link #start} opens the logs, joins the
 * cluster through the server's own Hazelcast member (JNDI {@value #HAZELCAST_JNDI}) and binds the Kafka
 * listener; {@link #stop} closes the node, which flushes and closes every log.
 *
 * <p>Applications reach the node through the outbound connection factory ({@link PartitaManagedConnectionFactory},
 * one shared producer per factory) and receive records in message-driven beans ({@link PartitaActivationSpec}, one
 * {@link InboundActivation} per bean). Its transaction support is {@code LocalTransaction}: Kafka's transactions
 * have no prepare that survives a crash, so a connection joins a JTA transaction as its last resource
 * ({@link ConnectionTransaction}), and a transacted delivery's XAResource
 * ({@code io.partita.ra.inbound.DeliveryTransaction}) prepares only by flushing; see docs/ARCHITECTURE.md. Requests
 * of every factory wait for their replies on the node's one {@link ReplyChannel}. On {@link #stop} the beans'
 * consumers leave their groups, the reply consumer and every producer are closed before the node stops.
 *
 * <p>The config properties below hold the settings shared by every node; each can be overridden per node, see
 * {@link NodeSettings}. The node's threads come from the server's WorkManager; its schedule of periodic jobs is
 * driven by the host (an EJB timer calling {@link AdapterNodeSchedule#runDueJobs()}).
 *
 * <p>The container calls {@code start} and {@code stop} once each, on one thread; {@link #node()} is safe from
 * any thread.
 */
@Connector(
        displayName = "Partita",
        description = "A Kafka-compatible commit-log broker node",
        vendorName = "Partita",
        eisType = "Kafka-compatible commit log",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.LocalTransaction,
        reauthenticationSupport = false)
public class PartitaResourceAdapter implements ResourceAdapter, Serializable {

    static final String HAZELCAST_JNDI = "payara/Hazelcast";
    private static final int DEAD_LETTER_TIMEOUT_MS = 30_000;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(PartitaResourceAdapter.class.getName());

    @ConfigProperty(description = "node.id: this broker's id, unique in the cluster")
    private Integer nodeId;
    @ConfigProperty(description = "listener.host: the address the Kafka listener binds to")
    private String listenerHost;
    @ConfigProperty(description = "listener.port: the Kafka listener's port")
    private Integer kafkaPort;
    @ConfigProperty(description = "advertised.host: the host Kafka clients are told to connect to")
    private String advertisedHost;
    @ConfigProperty(description = "log.dirs: the directory holding every partition's segments")
    private String dataDir;
    @ConfigProperty(description = "num.partitions: partitions of a topic created without a count")
    private Integer numPartitions;
    @ConfigProperty(description = "default.replication.factor")
    private Integer defaultReplicationFactor;
    @ConfigProperty(description = "auto.create.topics.enable")
    private Boolean autoCreateTopics;
    @ConfigProperty(description = "log.retention.check.interval.ms: how often retention is enforced")
    private Long retentionCheckIntervalMs;

    private transient volatile PartitaNode node;
    private transient volatile WorkManager workManager;
    /** Per identity of the activations that dead-letter: an activation's dead letters are written as its user. */
    private final transient Map<ClientCredentials, SharedProducer> deadLetterProducers = new ConcurrentHashMap<>();
    private final transient List<AutoCloseable> producers = new CopyOnWriteArrayList<>();
    private final transient Set<String> transactionalIdPrefixes = ConcurrentHashMap.newKeySet();
    private final transient Map<ActivationKey, InboundActivation> activations = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private transient ReplyChannel replies;

    /** Identifies an activation as the container does: by the endpoint factory and spec it passed. */
    private record ActivationKey(MessageEndpointFactory endpoints, ActivationSpec spec) {
    }

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        try {
            NodeConfig config = NodeConfig.fromProperties(
                    NodeSettings.resolve(adapterSettings(), System.getenv(), systemProperties()));
            NodeEnvironment environment = new NodeEnvironment(hazelcast(),
                    new WorkManagerExecutor(context.getWorkManager(), AdapterClassLoader.loader()),
                    Clock.systemUTC());
            node = AdapterClassLoader.call(() -> PartitaNode.start(config, environment));
            workManager = context.getWorkManager();
            LOG.info(() -> "Partita node " + config.nodeId() + " started: Kafka listener on "
                    + node.kafkaAddress() + ", data in " + config.dataDir().toAbsolutePath());
        } catch (Exception | LinkageError e) {
            // Deployment logs bury a stack trace; the first line must say what is wrong.
            LOG.log(Level.SEVERE, "PARTITA NODE FAILED TO START: " + e.getMessage(), e);
            throw new ResourceAdapterInternalException("Partita node failed to start: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        // Normally the container deactivated every bean already; whatever is left leaves its group now.
        activations.values().forEach(InboundActivation::stop);
        activations.clear();
        closeReplies();
        producers.forEach(PartitaResourceAdapter::closeProducers);
        producers.clear();
        deadLetterProducers.clear();
        PartitaNode running = node;
        node = null;
        if (running == null) return;
        try {
            AdapterClassLoader.call(() -> {
                running.close();
                return null;
            });
            LOG.info("Partita node stopped; every log flushed and closed");
        } catch (RuntimeException | LinkageError e) {
            // At JVM shutdown java.util.logging may already be closed: make sure the failure is seen.
            System.err.println("PARTITA NODE FAILED TO STOP CLEANLY: " + e);
            e.printStackTrace();
            LOG.log(Level.SEVERE, "PARTITA NODE FAILED TO STOP CLEANLY: " + e.getMessage(), e);
        }
    }

    /** The running node, or null before {@link #start} succeeded and after {@link #stop}. */
    PartitaNode node() {
        return node;
    }

    /**
     * {@code host:port} of the node's first Kafka listener that speaks the protocol of {@code credentials} (any
     * listener's first when they name none), as clients are told to reach it.
     *
     * @throws IllegalStateException when the node is not running or has no listener of that protocol
     */
    String bootstrapAddress(ClientCredentials credentials) {
        PartitaNode running = node;
        if (running == null) throw new IllegalStateException("The Partita node of this server is not running");
        if (credentials.securityProtocol() == null) return running.advertisedAddress();
        return running.advertisedAddress(SecurityProtocol.forName(credentials.securityProtocol())).orElseThrow(() ->
                new IllegalStateException("The Partita node of this server has no " + credentials.securityProtocol() + " listener"));
    }

    /**
     * This node's reply channel, which the requests of every connection factory share: started at the first request
     * (and again after its consumer failed), reading the node's {@link ReplyTopic} as the node itself.
     */
    synchronized ReplyChannel replies() throws ResourceException {
        PartitaNode running = node;
        if (running == null) throw new ResourceException("The Partita node of this server is not running");
        if (replies == null || !replies.isRunning()) {
            TopicPartition partition = ReplyTopic.of(running.config().nodeId());
            try {
                replies = ReplyChannel.start(partition,
                        () -> ReplyTopic.createAndConsume(partition, running.ownClientConfigs()),
                        new WorkManagerExecutor(workManager, AdapterClassLoader.loader()));
            } catch (RejectedExecutionException e) {
                throw new ResourceException("No thread to read the replies of " + partition + ": " + e.getMessage(), e);
            }
        }
        return replies;
    }

    private void closeReplies() {
        ReplyChannel open;
        synchronized (this) {
            open = replies;
            replies = null;
        }
        if (open != null) open.close();
    }

    /** Takes producers to close when the adapter stops; returns them. */
    <T extends AutoCloseable> T register(T producer) {
        producers.add(producer);
        return producer;
    }

    /**
     * {@code wanted}, or {@code wanted.<n>} when another factory of this node has claimed it already: two factories
     * sharing transactional ids would fence each other's producers.
     */
    String claimTransactionalIdPrefix(String wanted) {
        String prefix = wanted;
        for (int n = 2; !transactionalIdPrefixes.add(prefix); n++) prefix = wanted + "." + n;
        return prefix;
    }

    private static void closeProducers(AutoCloseable producers) {
        try {
            producers.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Closing a Partita producer failed", e);
        }
    }

    private Map<String, String> adapterSettings() {
        Map<String, String> settings = new HashMap<>();
        putIfSet(settings, NodeConfig.NODE_ID, nodeId);
        putIfSet(settings, NodeConfig.LISTENER_HOST, listenerHost);
        putIfSet(settings, NodeConfig.LISTENER_PORT, kafkaPort);
        putIfSet(settings, NodeConfig.ADVERTISED_HOST, advertisedHost);
        putIfSet(settings, NodeConfig.LOG_DIRS, dataDir);
        putIfSet(settings, NodeConfig.NUM_PARTITIONS, numPartitions);
        putIfSet(settings, NodeConfig.DEFAULT_REPLICATION_FACTOR, defaultReplicationFactor);
        putIfSet(settings, NodeConfig.AUTO_CREATE_TOPICS, autoCreateTopics);
        putIfSet(settings, NodeConfig.RETENTION_CHECK_INTERVAL_MS, retentionCheckIntervalMs);
        return settings;
    }

    private static void putIfSet(Map<String, String> settings, String name, Object value) {
        if (value != null && !value.toString().isBlank()) settings.put(name, value.toString());
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(n -> properties.put(n, System.getProperty(n)));
        return properties;
    }

    private static HazelcastInstance hazelcast() throws NamingException {
        try {
            return InitialContext.doLookup(HAZELCAST_JNDI);
        } catch (NamingException e) {
            NamingException explained = new NamingException("No Hazelcast member at JNDI " + HAZELCAST_JNDI
                    + " (is Payara's clustering disabled, e.g. by --nocluster?)");
            explained.initCause(e);
            throw explained;
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof PartitaActivationSpec partitaSpec)) {
            throw new ResourceException("Not a Partita activation spec: " + spec);
        }
        // Before the credentials pick a listener: a misspelt securityProtocol is a property error, not a lookup failure.
        partitaSpec.validate();
        String bootstrap;
        try {
            bootstrap = bootstrapAddress(partitaSpec.credentials());
        } catch (IllegalStateException e) {
            throw new ResourceException(e.getMessage(), e);
        }
        SharedProducer deadLetters = deadLetterProducer(partitaSpec.credentials());
        NodeConfig config = node().config();
        activations.put(new ActivationKey(endpointFactory, spec), InboundActivation.start(endpointFactory, partitaSpec,
                workManager, bootstrap, "partita-" + config.nodeId(), record -> sendAndWait(deadLetters, record),
                node()::shareDeliveryCountLimit));
    }

    /** The readiness and counts of every bean's activation running now, by name. */
    List<ActivationStatus> activationStatuses() {
        return activations.values().stream().map(activation -> activation.monitor().status())
                .sorted(Comparator.comparing(ActivationStatus::name)).toList();
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        InboundActivation activation = activations.remove(new ActivationKey(endpointFactory, spec));
        if (activation != null) activation.stop();
    }

    /** The producer of dead letters for activations of {@code credentials}, created on first use. */
    private SharedProducer deadLetterProducer(ClientCredentials credentials) {
        return deadLetterProducers.computeIfAbsent(credentials, identity -> {
            Map<String, Object> settings = new HashMap<>(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DEAD_LETTER_TIMEOUT_MS,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, DEAD_LETTER_TIMEOUT_MS / 2));
            identity.applyTo(settings);
            return register(new SharedProducer(settings, () -> bootstrapAddress(identity)));
        });
    }

    private static void sendAndWait(SharedProducer producer, ProducerRecord<byte[], byte[]> record) throws Exception {
        producer.get().send(record).get(DEAD_LETTER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    public Integer getNodeId() { return nodeId; }
    public void setNodeId(Integer nodeId) { this.nodeId = nodeId; }
    public String getListenerHost() { return listenerHost; }
    public void setListenerHost(String listenerHost) { this.listenerHost = listenerHost; }
    public Integer getKafkaPort() { return kafkaPort; }
    public void setKafkaPort(Integer kafkaPort) { this.kafkaPort = kafkaPort; }
    public String getAdvertisedHost() { return advertisedHost; }
    public void setAdvertisedHost(String advertisedHost) { this.advertisedHost = advertisedHost; }
    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public Integer getNumPartitions() { return numPartitions; }
    public void setNumPartitions(Integer numPartitions) { this.numPartitions = numPartitions; }
    public Integer getDefaultReplicationFactor() { return defaultReplicationFactor; }
    public void setDefaultReplicationFactor(Integer factor) { this.defaultReplicationFactor = factor; }
    public Boolean isAutoCreateTopics() { return autoCreateTopics; }
    public void setAutoCreateTopics(Boolean autoCreateTopics) { this.autoCreateTopics = autoCreateTopics; }
    public Long getRetentionCheckIntervalMs() { return retentionCheckIntervalMs; }
    public void setRetentionCheckIntervalMs(Long intervalMs) { this.retentionCheckIntervalMs = intervalMs; }
}
