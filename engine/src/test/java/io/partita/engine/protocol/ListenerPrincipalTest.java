package io.partita.engine.protocol;

import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.TestCertificates;
import io.partita.engine.it.TestClients;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.security.Credentials;
import io.partita.engine.security.ListenerSecurity;
import io.partita.engine.security.UsersFile;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The principal and listener a request's context carries, as real clients reach a real listener: a probe answers
 * DescribeCluster with them as the cluster id. A client certificate's subject becomes {@code User:<name>} through
 * {@code ssl.principal.mapping.rules}; a SASL login on a SASL_SSL listener becomes {@code User:<login>} (that listener
 * asks for no certificate, as Kafka's SASL_SSL does by default); a client without a certificate is refused where one
 * is required.
 */
@Tag("slow")
class ListenerPrincipalTest {

    private static final Executor DAEMON_THREADS = task -> {
        Thread thread = new Thread(task, "listener-principal-test");
        thread.setDaemon(true);
        thread.start();
    };

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static Path clientKeystore;
    private static KafkaServer server;

    @BeforeAll
    static void start() throws Exception {
        certificates = new TestCertificates(dir);
        Path brokerKeystore = certificates.keystore("broker", "CN=localhost");
        clientKeystore = certificates.keystore("carol", "CN=carol,OU=payments,O=partita");
        Path users = Files.writeString(dir.resolve("users.properties"), "alice=admin:plain:alice-secret\n");
        NodeConfig config = NodeConfig.defaults(1, "127.0.0.1", 0, dir).with(Map.of(
                NodeConfig.LISTENERS, "MTLS://127.0.0.1:0,SASL_SSL://127.0.0.1:0",
                NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, "MTLS:SSL,SASL_SSL:SASL_SSL",
                NodeConfig.INTER_BROKER_LISTENER_NAME, "MTLS",
                "listener.name.mtls.ssl.client.auth", "required",
                NodeConfig.SSL_PRINCIPAL_MAPPING_RULES, "RULE:^CN=([^,]*),OU=payments.*$/$1/L,DEFAULT",
                NodeConfig.SASL_ENABLED_MECHANISMS, "PLAIN"));
        NodeConfig settings = certificates.brokerSettings(config, brokerKeystore);
        Credentials credentials = new Credentials(Optional.of(new UsersFile(users)), (user, mechanism) -> Optional.empty());
        List<ListenerSecurity> listeners = settings.listeners().stream().map(l -> ListenerSecurity.of(l, settings, credentials)).toList();
        SupportedApis apis = new SupportedApis();
        apis.register(ApiKeys.API_VERSIONS, new ApiVersionsHandler(apis));
        // The admin client bootstraps with Metadata; the probe names this one broker at the port asked.
        apis.register(ApiKeys.METADATA, (context, request) -> CompletableFuture.completedFuture(new MetadataResponse(
                new MetadataResponseData().setClusterId("probe").setControllerId(1).setBrokers(
                        new MetadataResponseData.MetadataResponseBrokerCollection(List.of(new MetadataResponseData.MetadataResponseBroker()
                                .setNodeId(1).setHost("127.0.0.1").setPort(server.address(context.listenerName.value()).getPort())).iterator())),
                request.version())));
        apis.register(ApiKeys.DESCRIBE_CLUSTER, (context, request) -> CompletableFuture.completedFuture(new DescribeClusterResponse(
                new DescribeClusterResponseData().setClusterId(context.principal + " on " + context.listenerName.value()
                        + " (" + context.securityProtocol + ")"))));
        apis.register(ApiKeys.SASL_HANDSHAKE, ConnectionAuthentication.outOfPlace());
        apis.register(ApiKeys.SASL_AUTHENTICATE, ConnectionAuthentication.outOfPlace());
        server = new KafkaServer(listeners, apis, new BrokerStats(), (context, request, bytes, nanos) -> 0, DAEMON_THREADS, 1);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aClientCertificateSubjectIsMappedToAUserPrincipal() throws Exception {
        Map<String, Object> client = new HashMap<>(certificates.trustSettings());
        client.putAll(TestCertificates.keySettings(clientKeystore));
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        assertThat(describedAs("MTLS", client)).isEqualTo("User:carol on MTLS (SSL)");
    }

    @Test
    void aSaslLoginOverTlsIsTheUserPrincipal() throws Exception {
        Map<String, Object> client = new HashMap<>(certificates.trustSettings());
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        client.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        client.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"alice-secret\";");
        assertThat(describedAs("SASL_SSL", client)).isEqualTo("User:alice on SASL_SSL (SASL_SSL)");
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhereOneIsRequired() {
        Map<String, Object> client = new HashMap<>(certificates.trustSettings());
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        assertThatThrownBy(() -> describedAs("MTLS", client))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SslAuthenticationException.class);
    }

    private static String describedAs(String listener, Map<String, Object> security) throws Exception {
        TestClients clients = TestClients.ofCluster("127.0.0.1:" + server.address(listener).getPort()).with(security);
        try (Admin admin = clients.admin(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            return admin.describeCluster().clusterId().get();
        }
    }
}
