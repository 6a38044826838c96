package io.partita.ra.inbound;

import io.partita.ra.ClientCredentials;
import io.partita.ra.NameValuePairs;
import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.RecordListener;
import io.partita.ra.api.RoutedRecordListener;
import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecordListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The activation properties of a message-driven bean listening with {@link RecordListener},
 * {@link BatchRecordListener}, {@link TypedRecordListener}, {@link TypedBatchRecordListener} or
 * {@link RoutedRecordListener}, as {@code @ActivationConfigProperty(propertyName = "groupId", propertyValue = ...)}.
 * Kafka's consumer settings keep Kafka's defaults unless set; {@code consumerProperties} passes any other consumer
 * config ({@code name=value;...}). Offsets are always committed by the adapter, after delivery
 * ({@code enable.auto.commit} is forced off); with {@code transactional=true} in the delivery's own Kafka
 * transaction, which commits or rolls back with the container's transaction of the listener call. On a secured node
 * the consumers (and a transactional delivery's producer) act as the user of {@code userName}/{@code password}
 * ({@link ClientCredentials}).
 *
 * <p>With {@code shareGroup} instead of {@code groupId} the consumers are share consumers (KIP-932) acknowledging
 * each record explicitly ({@code share.acknowledgement.mode=explicit}); the settings that need a consumer group's
 * ordered offsets or that Kafka's share consumer refuses ({@code topicPattern}, {@code autoOffsetReset},
 * {@code sessionTimeoutMs}, {@code ordering}, {@code retryTopics}, {@code transactional}) are refused with it, and
 * {@code retryAttempts} does not apply (see {@link ShareLoop}).
 *
 * <p>Set by the container, then read-only (but for a {@link RoutedRecordListener}'s topics, which its activation
 * sets to its methods' when neither {@code topics} nor {@code topicPattern} is given); {@link #validate()} runs
 * before activation.
 */
@Activation(messageListeners = {RecordListener.class, BatchRecordListener.class, TypedRecordListener.class,
        TypedBatchRecordListener.class, RoutedRecordListener.class})
public class PartitaActivationSpec implements ActivationSpec {

    /** How many records a share bean's consumer acquires at a time unless {@code maxPollRecords} says otherwise. */
    static final int SHARE_MAX_POLL_RECORDS = 10;
    private static final Set<String> OFFSET_RESETS = Set.of("earliest", "latest", "none");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    @ConfigProperty(description = "Comma-separated topics to subscribe to (or topicPattern; neither for a "
            + "RoutedRecordListener taking its methods' topics)")
    private String topics;
    @ConfigProperty(description = "A regular expression of the topics to subscribe to (or topics; neither for a "
            + "RoutedRecordListener taking its methods' topics)")
    private String topicPattern;
    @ConfigProperty(description = "group.id of the consumers (this or shareGroup)")
    private String groupId;
    @ConfigProperty(description = "A share group (KIP-932) to consume as, instead of a groupId: concurrency share "
            + "consumers, each record accepted when the bean returns, released for redelivery when it throws, rejected "
            + "and dead-lettered at group.share.delivery.count.limit")
    private String shareGroup;
    @ConfigProperty(description = "auto.offset.reset: earliest, latest or none (Kafka's default: latest)")
    private String autoOffsetReset;
    @ConfigProperty(description = "max.poll.records: the most records of one poll (one batch)")
    private Integer maxPollRecords;
    @ConfigProperty(description = "session.timeout.ms")
    private Integer sessionTimeoutMs;
    @ConfigProperty(description = "max.poll.interval.ms: must exceed a batch's deliveries with their retries")
    private Integer maxPollIntervalMs;
    @ConfigProperty(description = "Bean instances delivering at once, each on its own thread: consumers of the group "
            + "with ordering=partition, lanes of one consumer with ordering=key or none", defaultValue = "1")
    private Integer concurrency = 1;
    @ConfigProperty(description = "What stays in order while concurrency bean instances work: partition (each of "
            + "concurrency consumers delivers its partitions in order), key (one consumer hands records to concurrency "
            + "lanes by key: each key's records in order) or none (any free lane)", defaultValue = "partition")
    private String ordering = "partition";
    @ConfigProperty(description = "Deliveries of a failing record after its first one", defaultValue = "3")
    private Integer retryAttempts = 3;
    @ConfigProperty(description = "Wait before each retry, in ms", defaultValue = "1000")
    private Long retryBackoffMs = 1000L;
    @ConfigProperty(description = "Topic receiving records whose deliveries all failed; without one such a record "
            + "is retried until it succeeds and its partition does not advance")
    private String deadLetterTopic;
    @ConfigProperty(description = "Retry stages after the retries in place, as delays (ms, s, m, h), e.g. 1s,10s,1m: a "
            + "record whose deliveries failed moves to <topic>.retry-1s, is delivered again when its delay passed, "
            + "then moves on to the next stage and, after the last, to the deadLetterTopic; needs topics (or a "
            + "RoutedRecordListener without topics whose methods name topics only)")
    private String retryTopics;
    @ConfigProperty(description = "Comma-separated exception classes (the application's or the JDK's) whose instances "
            + "are not retried: such a failure sends the record straight to the deadLetterTopic")
    private String notRetryable;
    @ConfigProperty(description = "Commit each delivery's offsets in a Kafka transaction, together with what the bean "
            + "sends through a LocalTransaction connection factory during it; needs a container-managed transaction "
            + "(REQUIRED) on the listener method; reads read_committed unless consumerProperties say otherwise",
            defaultValue = "false")
    private Boolean transactional = false;
    @ConfigProperty(description = "How long records may wait without a consumer of the bean making progress (a record "
            + "delivered or dead-lettered) before the bean's readiness is DOWN, in ms (by default the consumers' "
            + "max.poll.interval.ms)")
    private Long maxStallMs;
    @ConfigProperty(description = "Any other consumer configs by Kafka's names: name=value pairs separated by ';'")
    private String consumerProperties;
    @ConfigProperty(description = "A Kafka Deserializer class reading a typed (or routed) listener's "
            + "keys (by default: byte[] as is, String as UTF-8, else JSON-B of the declared key type)")
    private String keyDeserializer;
    @ConfigProperty(description = "A Kafka Deserializer class reading a typed (or routed) listener's "
            + "values (by default: byte[] as is, String as UTF-8, else JSON-B of the declared value type)")
    private String valueDeserializer;
    @ConfigProperty(description = "security.protocol of the node's listener: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL")
    private String securityProtocol;
    @ConfigProperty(description = "sasl.mechanism: PLAIN (the default with a userName), SCRAM-SHA-256 or SCRAM-SHA-512")
    private String saslMechanism;
    @ConfigProperty(description = "The user the consumers act as (SASL)")
    private String userName;
    @ConfigProperty(description = "The user's password", confidential = true)
    private String password;
    @ConfigProperty(description = "ssl.truststore.location: the trust store (PKCS12 or JKS) for the node's TLS certificate")
    private String sslTruststoreLocation;
    @ConfigProperty(description = "ssl.truststore.password", confidential = true)
    private String sslTruststorePassword;

    private ResourceAdapter resourceAdapter;

    @Override
    public void validate() throws InvalidPropertyException {
        // Neither is a routed bean's choice, which only its activation can tell (it knows the bean).
        if (!isBlank(topics) && !isBlank(topicPattern)) {
            throw new InvalidPropertyException("Set only one of topics and topicPattern");
        }
        if (!isBlank(topicPattern)) {
            try {
                Pattern.compile(topicPattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidPropertyException("topicPattern is no regular expression: " + e.getMessage());
            }
        }
        if (isBlank(groupId) == isBlank(shareGroup)) {
            throw new InvalidPropertyException("Set exactly one of groupId (a consumer group) and shareGroup (a share "
                    + "group: records shared by every consumer, acknowledged one by one)");
        }
        if (isShared()) refuseWhatShareGroupsLack();
        if (autoOffsetReset != null && !OFFSET_RESETS.contains(autoOffsetReset)) {
            throw new InvalidPropertyException("autoOffsetReset must be one of " + OFFSET_RESETS + ", was " + autoOffsetReset);
        }
        if (concurrency == null || concurrency < 1) throw new InvalidPropertyException("concurrency must be >= 1");
        if (ordering() != Ordering.PARTITION && isTransactional()) {
            throw new InvalidPropertyException("ordering=" + ordering() + " delivers on lanes that share one consumer, "
                    + "so a delivery cannot commit its offsets in its own transaction: transactional=true needs "
                    + "ordering=partition");
        }
        if (retryAttempts == null || retryAttempts < 0) throw new InvalidPropertyException("retryAttempts must be >= 0");
        if (retryBackoffMs == null || retryBackoffMs < 0) throw new InvalidPropertyException("retryBackoffMs must be >= 0");
        try {
            RetryTopics.schedule(retryTopics);
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("retryTopics: " + e.getMessage());
        }
        // Neither topics nor topicPattern: a routed bean's activation derives the topics from its methods, or refuses.
        if (!isBlank(retryTopics) && !isBlank(topicPattern)) {
            throw new InvalidPropertyException("retryTopics needs topics, not topicPattern: the retry topics of each "
                    + "topic are created and subscribed to at activation");
        }
        for (String name : notRetryableClasses()) {
            if (!CLASS_NAME.matcher(name).matches()) {
                throw new InvalidPropertyException("notRetryable: '" + name + "' is no class name");
            }
        }
        if (!isBlank(notRetryable) && isBlank(deadLetterTopic)) {
            throw new InvalidPropertyException("notRetryable needs a deadLetterTopic, where such failures go");
        }
        if (maxStallMs != null && maxStallMs < 1) throw new InvalidPropertyException("maxStallMs must be >= 1");
        NameValuePairs.parse("consumerProperties", consumerProperties);
        credentials().validate();
    }

    /** Settings a share group has no use for, or that need a consumer group's ordered offsets, refused by name. */
    private void refuseWhatShareGroupsLack() throws InvalidPropertyException {
        if (!isBlank(topicPattern)) {
            throw new InvalidPropertyException("shareGroup needs topics: share consumers subscribe by name, not by topicPattern");
        }
        if (autoOffsetReset != null) {
            throw new InvalidPropertyException("autoOffsetReset does not apply to a shareGroup: a share group starts "
                    + "each partition where its share.auto.offset.reset says (latest)");
        }
        if (sessionTimeoutMs != null) {
            throw new InvalidPropertyException("sessionTimeoutMs does not apply to a shareGroup: the broker's "
                    + "group.share.session.timeout.ms does");
        }
        if (ordering() != Ordering.PARTITION) {
            throw new InvalidPropertyException("ordering does not apply to a shareGroup: its consumers share partitions "
                    + "and every record is acknowledged on its own, in no order");
        }
        if (!isBlank(retryTopics)) {
            throw new InvalidPropertyException("retryTopics does not apply to a shareGroup: a failed record is released "
                    + "and delivered again until group.share.delivery.count.limit");
        }
        if (isTransactional()) {
            throw new InvalidPropertyException("transactional=true does not apply to a shareGroup: share "
                    + "acknowledgements cannot join a transaction");
        }
    }

    /** The identity the activation's clients present to the node. */
    public ClientCredentials credentials() {
        return new ClientCredentials(blankAsNull(securityProtocol), blankAsNull(saslMechanism), blankAsNull(userName),
                blankAsNull(password), blankAsNull(sslTruststoreLocation), blankAsNull(sslTruststorePassword));
    }

    /** The consumer configs by Kafka's names, for a consumer of the node at {@code bootstrap}. */
    Map<String, Object> consumerConfig(String bootstrap) throws ResourceException {
        Map<String, Object> config = new HashMap<>(NameValuePairs.parse("consumerProperties", consumerProperties));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupName());
        credentials().applyTo(config);
        putIfSet(config, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        putIfSet(config, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs);
        if (isShared()) {
            // The loop accepts, releases or rejects each record by what its delivery did; Kafka's share consumer
            // refuses the consumer group settings below.
            config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
            // A share consumer feeds one bean: holding whole batches would starve the rest of the pool and let the
            // locks of records waiting behind a busy bean run out. Each takes a few records at a time instead.
            config.putIfAbsent(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
            config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, SHARE_MAX_POLL_RECORDS);
            return config;
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        putIfSet(config, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        // Consume-transform-produce in transactions: never transform records of transactions that were aborted.
        if (isTransactional()) config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (sessionTimeoutMs != null) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
            // Kafka requires heartbeats well within the session; its default (3 s) is too slow for short sessions.
            config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.min(3000, sessionTimeoutMs / 3));
        }
        return config;
    }

    /**
     * {@code maxStallMs}, else the consumers' {@code max.poll.interval.ms} (set, or Kafka's default): a consumer whose
     * bean holds it longer than that is out of its group anyway, and shorter waits are allowed by the same setting.
     */
    long stallLimitMs() throws InvalidPropertyException {
        if (maxStallMs != null) return maxStallMs;
        if (maxPollIntervalMs != null) return maxPollIntervalMs;
        String configured = NameValuePairs.parse("consumerProperties", consumerProperties)
                .get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        Object limit = configured != null ? configured
                : ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        try {
            return Long.parseLong(limit.toString());
        } catch (NumberFormatException e) {
            throw new InvalidPropertyException("consumerProperties: " + ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG
                    + " is no number: " + configured);
        }
    }

    /** The {@code keyDeserializer} class name, or null for the default of the listener's key type. */
    String keyDeserializerClass() {
        return blankAsNull(keyDeserializer);
    }

    /** The {@code valueDeserializer} class name, or null for the default of the listener's value type. */
    String valueDeserializerClass() {
        return blankAsNull(valueDeserializer);
    }

    /** The {@code ordering}, {@link Ordering#PARTITION} when unset. */
    Ordering ordering() throws InvalidPropertyException {
        return Ordering.of(ordering);
    }

    /** True with a {@code shareGroup}: share consumers, not consumers of a group. */
    boolean isShared() {
        return !isBlank(shareGroup);
    }

    /** The {@code groupId}, or the {@code shareGroup}. */
    String groupName() {
        return isShared() ? shareGroup.strip() : groupId;
    }

    boolean isTransactional() {
        return Boolean.TRUE.equals(transactional);
    }

    /** True when {@code topics} or {@code topicPattern} is set. */
    boolean namesTopics() {
        return !isBlank(topics) || !isBlank(topicPattern);
    }

    /** The topics, or null when subscribing by {@link #pattern()}. */
    List<String> topicList() {
        if (isBlank(topics)) return null;
        return Arrays.stream(topics.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    Pattern pattern() {
        return Pattern.compile(topicPattern);
    }

    /** The retry stages and topics of {@link #topicList()} ({@link RetryTopics#NONE} without {@code retryTopics}). */
    RetryTopics retryTopics() {
        List<String> sources = topicList();
        return sources == null ? RetryTopics.NONE : new RetryTopics(RetryTopics.schedule(retryTopics), sources);
    }

    /** True when {@code retryTopics} names stages. */
    boolean hasRetryTopics() {
        return !isBlank(retryTopics);
    }

    /** What the consumers subscribe to by name, their retry topics included; null when subscribing by pattern. */
    List<String> subscription() {
        List<String> sources = topicList();
        if (sources == null) return null;
        return Stream.concat(sources.stream(), retryTopics().names().stream()).distinct().toList();
    }

    /** The {@code notRetryable} class names. */
    List<String> notRetryableClasses() {
        if (isBlank(notRetryable)) return List.of();
        return Arrays.stream(notRetryable.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
    }

    private static void putIfSet(Map<String, Object> config, String name, Object value) {
        if (value != null && !value.toString().isBlank()) config.put(name, value);
    }

    private static String blankAsNull(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return (isShared() ? "shareGroup=" + groupName() : "groupId=" + groupId) + ", " + (isBlank(topics) ? "topicPattern=" + topicPattern : "topics=" + topics)
                + ", concurrency=" + concurrency + (isBlank(ordering) ? "" : ", ordering=" + ordering.strip())
                + (isShared() ? "" : ", retryAttempts=" + retryAttempts)
                + (isBlank(retryTopics) ? "" : ", retryTopics=" + retryTopics)
                + ", deadLetterTopic=" + deadLetterTopic + (isTransactional() ? ", transactional" : "");
    }

    @Override
    public ResourceAdapter getResourceAdapter() { return resourceAdapter; }
    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) { this.resourceAdapter = resourceAdapter; }

    public String getTopics() { return topics; }
    public void setTopics(String topics) { this.topics = topics; }
    public String getTopicPattern() { return topicPattern; }
    public void setTopicPattern(String topicPattern) { this.topicPattern = topicPattern; }
    public String getGroupId() { return groupId; }
    public void setGroupId(String groupId) { this.groupId = groupId; }
    public String getShareGroup() { return shareGroup; }
    public void setShareGroup(String shareGroup) { this.shareGroup = shareGroup; }
    public String getAutoOffsetReset() { return autoOffsetReset; }
    public void setAutoOffsetReset(String autoOffsetReset) { this.autoOffsetReset = autoOffsetReset; }
    public Integer getMaxPollRecords() { return maxPollRecords; }
    public void setMaxPollRecords(Integer maxPollRecords) { this.maxPollRecords = maxPollRecords; }
    public Integer getSessionTimeoutMs() { return sessionTimeoutMs; }
    public void setSessionTimeoutMs(Integer sessionTimeoutMs) { this.sessionTimeoutMs = sessionTimeoutMs; }
    public Integer getMaxPollIntervalMs() { return maxPollIntervalMs; }
    public void setMaxPollIntervalMs(Integer maxPollIntervalMs) { this.maxPollIntervalMs = maxPollIntervalMs; }
    public Integer getConcurrency() { return concurrency; }
    public void setConcurrency(Integer concurrency) { this.concurrency = concurrency; }
    public String getOrdering() { return ordering; }
    public void setOrdering(String ordering) { this.ordering = ordering; }
    public Integer getRetryAttempts() { return retryAttempts; }
    public void setRetryAttempts(Integer retryAttempts) { this.retryAttempts = retryAttempts; }
    public Long getRetryBackoffMs() { return retryBackoffMs; }
    public void setRetryBackoffMs(Long retryBackoffMs) { this.retryBackoffMs = retryBackoffMs; }
    public String getDeadLetterTopic() { return deadLetterTopic; }
    public void setDeadLetterTopic(String deadLetterTopic) { this.deadLetterTopic = deadLetterTopic; }
    public String getRetryTopics() { return retryTopics; }
    public void setRetryTopics(String schedule) { this.retryTopics = schedule; }
    public String getNotRetryable() { return notRetryable; }
    public void setNotRetryable(String classNames) { this.notRetryable = classNames; }
    public Boolean getTransactional() { return transactional; }
    public void setTransactional(Boolean transactional) { this.transactional = transactional; }
    public Long getMaxStallMs() { return maxStallMs; }
    public void setMaxStallMs(Long maxStallMs) { this.maxStallMs = maxStallMs; }
    public String getConsumerProperties() { return consumerProperties; }
    public void setConsumerProperties(String consumerProperties) { this.consumerProperties = consumerProperties; }
    public String getKeyDeserializer() { return keyDeserializer; }
    public void setKeyDeserializer(String className) { this.keyDeserializer = className; }
    public String getValueDeserializer() { return valueDeserializer; }
    public void setValueDeserializer(String className) { this.valueDeserializer = className; }
    public String getSecurityProtocol() { return securityProtocol; }
    public void setSecurityProtocol(String securityProtocol) { this.securityProtocol = securityProtocol; }
    public String getSaslMechanism() { return saslMechanism; }
    public void setSaslMechanism(String saslMechanism) { this.saslMechanism = saslMechanism; }
    public String getUserName() { return userName; }
    public void setUserName(String userName) { this.userName = userName; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getSslTruststoreLocation() { return sslTruststoreLocation; }
    public void setSslTruststoreLocation(String location) { this.sslTruststoreLocation = location; }
    public String getSslTruststorePassword() { return sslTruststorePassword; }
    public void setSslTruststorePassword(String password) { this.sslTruststorePassword = password; }
}
