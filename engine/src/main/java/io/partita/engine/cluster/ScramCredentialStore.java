package io.partita.engine.cluster;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The SCRAM credentials of the cluster's users: under {@code cluster/scram-credentials/<user>} in the metadata store,
 * one JSON object of mechanism names ({@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}) to Kafka's text form of a
 * credential (salt, stored key, server key, iterations; never the password). A user without credentials has no key.
 *
 * <p>Reads come from a cache that the store's watch keeps current. Writes are compare-and-set on the user's key
 * (they may wait on the metadata quorum: never on a thread serving clients). Thread-safe.
 */
public final class ScramCredentialStore {

    static final String PREFIX = "cluster/scram-credentials/";

    private final MetadataStore store;
    private final Runnable afterWrite;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();

    /** @param afterWrite run after each change this node stores (the metadata snapshot) */
    ScramCredentialStore(MetadataStore store, Runnable afterWrite) {
        this.store = store;
        this.afterWrite = afterWrite;
        store.watch((key, json) -> {
            if (key.startsWith(PREFIX)) changed(key.substring(PREFIX.length()), json.map(MetadataJson::readStringMap).orElse(Map.of()));
        });
        store.cachedEntries(PREFIX).forEach((key, json) -> changed(key.substring(PREFIX.length()), MetadataJson.readStringMap(json)));
    }

    /** The credential of {@code user} for {@code mechanism}, if one is stored. */
    public Optional<ScramCredential> credential(String user, String mechanism) {
        String text = cache.getOrDefault(user, Map.of()).get(mechanism);
        return Optional.ofNullable(text).map(ScramCredentialUtils::credentialFromString);
    }

    /** Every user with credentials: mechanism name to iterations, by user. */
    public Map<String, Map<String, Integer>> iterationsByUser() {
        Map<String, Map<String, Integer>> result = new TreeMap<>();
        cache.forEach((user, credentials) -> {
            Map<String, Integer> iterations = new TreeMap<>();
            credentials.forEach((mechanism, text) -> iterations.put(mechanism, ScramCredentialUtils.credentialFromString(text).iterations()));
            result.put(user, iterations);
        });
        return result;
    }

    /**
     * Removes the user's credentials for {@code deletions} and stores {@code upsertions} (by mechanism, replacing
     * any), in one write.
     */
    public void change(String user, Collection<String> deletions, Map<String, ScramCredential> upsertions) {
        Map<String, String> texts = new HashMap<>();
        upsertions.forEach((mechanism, credential) -> texts.put(mechanism, ScramCredentialUtils.credentialToString(credential)));
        alter(user, credentials -> {
            deletions.forEach(credentials::remove);
            credentials.putAll(texts);
            return credentials;
        });
    }

    private void alter(String user, UnaryOperator<Map<String, String>> change) {
        String key = PREFIX + user;
        while (true) {
            Optional<String> current = store.read(key);
            Map<String, String> after = change.apply(new HashMap<>(current.map(MetadataJson::readStringMap).orElse(Map.of())));
            Optional<String> update = after.isEmpty() ? Optional.empty() : Optional.of(MetadataJson.write(new TreeMap<>(after)));
            if (update.equals(current)) return;
            if (store.compareAndSet(key, current, update)) {
                afterWrite.run();
                return;
            }
        }
    }

    private void changed(String user, Map<String, String> credentials) {
        if (credentials.isEmpty()) cache.remove(user);
        else cache.put(user, Map.copyOf(credentials));
    }
}
