package io.partita.engine.security.acl;

import io.partita.engine.cluster.JsonView;
import io.partita.engine.cluster.MetadataStore;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's ACLs in the metadata store, one entry per resource pattern under {@code cluster/acl/} (so the node's
 * metadata snapshot keeps them with the rest of {@code cluster/}), and the {@link AclIndex} built from them. Every
 * node's index follows changes made anywhere within the store's poll interval, as the other metadata views do.
 *
 * <p>Writes may wait on the metadata quorum and must run on the metadata thread; {@link #index()} never leaves the
 * node. Thread-safe.
 */
public final class AclStore {

    static final String PREFIX = "cluster/acl/";

    private final JsonView<StoredAcls> view;
    private final Runnable afterWrite;
    private volatile AclIndex index;

    /** @param afterWrite run after each change this node stores (the metadata snapshot) */
    public AclStore(MetadataStore store, Runnable afterWrite) {
        this.view = new JsonView<>(store, PREFIX, StoredAcls.class);
        this.afterWrite = afterWrite;
        view.observe((key, value) -> rebuild());
        rebuild();
    }

    AclIndex index() {
        return index;
    }

    /** Every ACL matching {@code filter}. */
    public List<AclBinding> describe(AclBindingFilter filter) {
        return index.bindings().stream().filter(filter::matches).toList();
    }

    /**
     * Adds each binding (one already stored is kept once); the answer per binding, in order, is empty when stored,
     * else why not (Kafka's INVALID_REQUEST messages).
     */
    public List<Optional<ApiException>> create(List<AclBinding> bindings) {
        List<Optional<ApiException>> results = new ArrayList<>();
        for (AclBinding binding : bindings) {
            try {
                validate(binding);
                add(binding);
                results.add(Optional.empty());
            } catch (ApiException e) {
                results.add(Optional.of(e));
            }
        }
        afterWrite.run();
        return results;
    }

    /** Removes every ACL matching each filter; the ACLs removed, per filter in order. */
    public List<List<AclBinding>> delete(List<AclBindingFilter> filters) {
        List<List<AclBinding>> results = new ArrayList<>();
        for (AclBindingFilter filter : filters) {
            List<AclBinding> removed = new ArrayList<>();
            for (StoredAcls stored : List.copyOf(view.values())) {
                if (filter.patternFilter().matches(stored.pattern())) removed.addAll(remove(stored.pattern(), filter));
            }
            results.add(removed);
        }
        afterWrite.run();
        return results;
    }

    private void add(AclBinding binding) {
        String key = StoredAcls.keyOf(binding.pattern());
        StoredAcls.Entry entry = StoredAcls.Entry.of(binding.entry());
        while (true) {
            Optional<StoredAcls> updated = view.update(key, current -> {
                if (current.entries().contains(entry)) return current;
                List<StoredAcls.Entry> entries = new ArrayList<>(current.entries());
                entries.add(entry);
                return new StoredAcls(current.resourceType(), current.patternType(), current.name(), entries);
            });
            if (updated.isPresent()) return;
            ResourcePattern p = binding.pattern();
            if (view.putIfAbsent(key, new StoredAcls(p.resourceType().name(), p.patternType().name(), p.name(), List.of(entry)))) return;
        }
    }

    private List<AclBinding> remove(ResourcePattern pattern, AclBindingFilter filter) {
        String key = StoredAcls.keyOf(pattern);
        List<List<AclBinding>> lastRemoved = new ArrayList<>(List.of(List.of()));
        Optional<StoredAcls> kept = view.update(key, current -> {
            List<StoredAcls.Entry> left = new ArrayList<>();
            List<AclBinding> removed = new ArrayList<>();
            for (StoredAcls.Entry e : current.entries()) {
                AclBinding b = new AclBinding(pattern, e.toEntry());
                if (filter.matches(b)) removed.add(b);
                else left.add(e);
            }
            lastRemoved.set(0, removed); // the update may run more than once: the last run is the one stored
            return new StoredAcls(current.resourceType(), current.patternType(), current.name(), left);
        });
        kept.filter(k -> k.entries().isEmpty()).ifPresent(empty -> view.removeIf(key, empty));
        return kept.isPresent() ? lastRemoved.get(0) : List.of();
    }

    /** Refuses what Kafka's controller refuses to store, with its messages. */
    private static void validate(AclBinding binding) {
        ResourcePattern p = binding.pattern();
        if (p.patternType() != PatternType.LITERAL && p.patternType() != PatternType.PREFIXED) {
            throw new InvalidRequestException("Invalid patternType " + p.patternType());
        }
        if (p.resourceType() == ResourceType.ANY || p.resourceType() == ResourceType.UNKNOWN) {
            throw new InvalidRequestException("Invalid resourceType " + p.resourceType());
        }
        AclOperation operation = binding.entry().operation();
        if (operation == AclOperation.ANY || operation == AclOperation.UNKNOWN) {
            throw new InvalidRequestException("Invalid operation type " + operation);
        }
        AclPermissionType permission = binding.entry().permissionType();
        if (permission == AclPermissionType.ANY || permission == AclPermissionType.UNKNOWN) {
            throw new InvalidRequestException("Invalid permission type " + permission);
        }
        if (p.name() == null || p.name().isEmpty()) throw new InvalidRequestException("Invalid empty resource name");
        if (p.resourceType() == ResourceType.CLUSTER && !Resource.CLUSTER_NAME.equals(p.name())) {
            throw new InvalidRequestException("The only valid name for the CLUSTER resource is " + Resource.CLUSTER_NAME);
        }
        Principals.parse(binding.entry().principal());
        if (binding.entry().host() == null || binding.entry().host().isEmpty()) {
            throw new InvalidRequestException("Host pattern cannot be null or empty");
        }
    }

    private synchronized void rebuild() {
        List<AclBinding> bindings = new ArrayList<>();
        for (StoredAcls stored : view.values()) bindings.addAll(stored.bindings());
        index = new AclIndex(bindings);
    }
}
