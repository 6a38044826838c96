package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores a test makes with the JDK's {@code keytool} in its own directory (no private key is ever
 * committed): one PKCS12 key store per named subject, each a self-signed certificate valid for {@code localhost} and
 * {@code 127.0.0.1} (kept in PEM as well), and one trust store holding every certificate made. Stores and keys share
 * {@link #PASSWORD}.
 *
 * <p>Not thread-safe: one test makes its stores, then reads them.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-secret";

    private final Path dir;
    private final Path truststore;

    public TestCertificates(Path dir) {
        this.dir = dir;
        this.truststore = dir.resolve("truststore.p12");
    }

    /** Makes a key store for {@code subject} (a distinguished name, such as {@code CN=localhost}) and trusts it. */
    public Path keystore(String alias, String subject) {
        Path keystore = dir.resolve(alias + ".p12");
        Path certificate = certificate(alias);
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", subject, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
        return keystore;
    }

    /** The certificate of {@code alias}'s key store in PEM, as clients outside Java trust it (librdkafka's ssl.ca.location). */
    public Path certificate(String alias) {
        return dir.resolve(alias + ".crt");
    }

    public Path truststore() {
        return truststore;
    }

    /** A client's (or broker's) settings to trust every certificate made here. */
    public Map<String, Object> trustSettings() {
        return Map.of("ssl.truststore.location", truststore.toString(), "ssl.truststore.password", PASSWORD,
                "ssl.truststore.type", "PKCS12");
    }

    /** A client's (or broker's) settings to present the key store {@code keystore}. */
    public static Map<String, Object> keySettings(Path keystore) {
        return Map.of("ssl.keystore.location", keystore.toString(), "ssl.keystore.password", PASSWORD,
                "ssl.key.password", PASSWORD, "ssl.keystore.type", "PKCS12");
    }

    /** {@code config} with {@code keystore} as the node's key store and every certificate made here trusted. */
    public NodeConfig brokerSettings(NodeConfig config, Path keystore) {
        NodeConfig result = config;
        for (Map.Entry<String, Object> e : keySettings(keystore).entrySet()) result = result.with(e.getKey(), e.getValue());
        for (Map.Entry<String, Object> e : trustSettings().entrySet()) result = result.with(e.getKey(), e.getValue());
        return result;
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
