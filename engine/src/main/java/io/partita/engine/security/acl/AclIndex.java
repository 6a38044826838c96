package io.partita.engine.security.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every ACL of the cluster, indexed for the per-request check: by resource type, then by literal name (the {@code *}
 * wildcard is one such name) in a hash map and by prefix in a character trie, so a check looks at the ACLs of the
 * patterns that match its resource and nothing else. A check allocates nothing.
 *
 * <p>The rules are Kafka's: an ACL's principal matches the request's or is {@code User:*}; its host matches the
 * client's address ({@link HostMatch}); a DENY of the operation (or of ALL) wins over any ALLOW; an ALLOW of READ, WRITE, DELETE or
 * ALTER also allows DESCRIBE, of ALTER_CONFIGS also DESCRIBE_CONFIGS, of ALL everything. A resource without any ACL
 * (for anyone) is {@link Decision#NO_ACLS}, for the authorizer to settle by {@code allow.everyone.if.no.acl.found}.
 *
 * <p>Immutable and thread-safe; a change of ACLs builds a new index.
 */
final class AclIndex {

    /** What the ACLs say about one request for one resource. */
    enum Decision { ALLOWED, DENIED, NO_ACLS }

    static final AclIndex EMPTY = new AclIndex(List.of());

    private static final int FOUND = 1;
    private static final int ALLOWS = 2;
    private static final int DENIES = 4;

    private final List<AclBinding> bindings;
    private final ByType[] byType = new ByType[ResourceType.values().length];

    AclIndex(Collection<AclBinding> bindings) {
        this.bindings = List.copyOf(bindings);
        for (AclBinding b : this.bindings) {
            ResourcePattern pattern = b.pattern();
            ByType t = byType[pattern.resourceType().ordinal()];
            if (t == null) t = byType[pattern.resourceType().ordinal()] = new ByType();
            Ace ace = new Ace(b.entry());
            if (pattern.patternType() == PatternType.PREFIXED) t.prefixed.add(pattern.name(), ace);
            else t.literal.merge(pattern.name(), new Ace[]{ace}, AclIndex::concat);
        }
    }

    /** Every ACL, as stored. */
    List<AclBinding> bindings() {
        return bindings;
    }

    Decision decide(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type, String name) {
        ByType t = byType[type.ordinal()];
        if (t == null) return Decision.NO_ACLS;
        int found = scan(t.literal.get(name), principal, host, operation, 0);
        if (!ResourcePattern.WILDCARD_RESOURCE.equals(name)) {
            found = scan(t.literal.get(ResourcePattern.WILDCARD_RESOURCE), principal, host, operation, found);
        }
        Trie node = t.prefixed;
        for (int i = 0; i < name.length() && node != null; i++) {
            node = node.child(name.charAt(i));
            if (node != null) found = scan(node.aces, principal, host, operation, found);
        }
        if ((found & DENIES) != 0) return Decision.DENIED;
        if ((found & ALLOWS) != 0) return Decision.ALLOWED;
        return (found & FOUND) != 0 ? Decision.DENIED : Decision.NO_ACLS;
    }

    /**
     * Whether some resource of {@code type} allows {@code operation} without a DENY of the same or a wider pattern
     * taking it back (Kafka's check "by resource type", as for idempotent producers' WRITE on any topic).
     */
    boolean allowsSome(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type) {
        List<ResourcePattern> allowed = new ArrayList<>();
        List<ResourcePattern> denied = new ArrayList<>();
        for (AclBinding b : bindings) {
            if (b.pattern().resourceType() != type) continue;
            Ace ace = new Ace(b.entry());
            if (!ace.appliesTo(principal, host)) continue;
            if (ace.deny && ace.denies(operation)) denied.add(b.pattern());
            else if (!ace.deny && ace.allows(operation)) allowed.add(b.pattern());
        }
        return allowed.stream().anyMatch(a -> denied.stream().noneMatch(d -> covers(d, a)));
    }

    private static boolean covers(ResourcePattern deny, ResourcePattern allow) {
        if (deny.patternType() == PatternType.LITERAL) {
            return deny.name().equals(ResourcePattern.WILDCARD_RESOURCE)
                    || allow.patternType() == PatternType.LITERAL && deny.name().equals(allow.name());
        }
        return allow.name().startsWith(deny.name());
    }

    private static int scan(Ace[] aces, KafkaPrincipal principal, InetAddress host, AclOperation operation, int found) {
        if (aces == null) return found;
        found |= FOUND;
        for (Ace ace : aces) {
            if (!ace.appliesTo(principal, host)) continue;
            if (ace.deny) {
                if (ace.denies(operation)) found |= DENIES;
            } else if (ace.allows(operation)) {
                found |= ALLOWS;
            }
        }
        return found;
    }

    private static Ace[] concat(Ace[] a, Ace[] b) {
        Ace[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static final class ByType {
        final Map<String, Ace[]> literal = new HashMap<>();
        final Trie prefixed = new Trie();
    }

    /** One access control entry, parsed for matching. */
    private static final class Ace {
        final String principalType;
        /** Null for Kafka's wildcard principal {@code User:*}. */
        final String principalName;
        final HostMatch host;
        final AclOperation operation;
        final boolean deny;

        Ace(AccessControlEntry entry) {
            KafkaPrincipal p = Principals.parse(entry.principal());
            boolean wildcard = KafkaPrincipal.USER_TYPE.equals(p.getPrincipalType()) && "*".equals(p.getName());
            this.principalType = p.getPrincipalType();
            this.principalName = wildcard ? null : p.getName();
            this.host = HostMatch.of(entry.host());
            this.operation = entry.operation();
            this.deny = entry.permissionType() == AclPermissionType.DENY;
        }

        boolean appliesTo(KafkaPrincipal principal, InetAddress client) {
            if (principalName == null) {
                if (!KafkaPrincipal.USER_TYPE.equals(principal.getPrincipalType())) return false;
            } else if (!principalName.equals(principal.getName()) || !principalType.equals(principal.getPrincipalType())) {
                return false;
            }
            return host.matches(client);
        }

        boolean denies(AclOperation requested) {
            return operation == requested || operation == AclOperation.ALL;
        }

        boolean allows(AclOperation requested) {
            if (operation == requested || operation == AclOperation.ALL) return true;
            return switch (requested) {
                case DESCRIBE -> operation == AclOperation.READ || operation == AclOperation.WRITE
                        || operation == AclOperation.DELETE || operation == AclOperation.ALTER;
                case DESCRIBE_CONFIGS -> operation == AclOperation.ALTER_CONFIGS;
                default -> false;
            };
        }
    }

    /** The prefixed patterns of one resource type, one node per character; children kept sorted for binary search. */
    private static final class Trie {
        private char[] keys = new char[0];
        private Trie[] children = new Trie[0];
        Ace[] aces;

        Trie child(char c) {
            int i = Arrays.binarySearch(keys, c);
            return i >= 0 ? children[i] : null;
        }

        void add(String prefix, Ace ace) {
            Trie node = this;
            for (int i = 0; i < prefix.length(); i++) node = node.childOrNew(prefix.charAt(i));
            node.aces = node.aces == null ? new Ace[]{ace} : concat(node.aces, new Ace[]{ace});
        }

        private Trie childOrNew(char c) {
            int i = Arrays.binarySearch(keys, c);
            if (i >= 0) return children[i];
            int at = -i - 1;
            Trie child = new Trie();
            char[] k = new char[keys.length + 1];
            Trie[] ch = new Trie[children.length + 1];
            System.arraycopy(keys, 0, k, 0, at);
            System.arraycopy(children, 0, ch, 0, at);
            k[at] = c;
            ch[at] = child;
            System.arraycopy(keys, at, k, at + 1, keys.length - at);
            System.arraycopy(children, at, ch, at + 1, children.length - at);
            keys = k;
            children = ch;
            return child;
        }
    }
}
