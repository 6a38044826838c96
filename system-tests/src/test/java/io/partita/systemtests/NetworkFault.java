package io.partita.systemtests;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Network faults between the nodes of {@link NetworkNamespaces}, as nftables rules inside the namespaces: packets are
 * dropped (not rejected), as a broken link or switch drops them, and established connections are cut as well. All
 * rules of a namespace live in one table, {@code inet partita_fault}, so {@link #heal()} deletes that table wherever
 * this object put one. Not thread-safe.
 */
final class NetworkFault {

    private static final String TABLE = "partita_fault";

    private final NetworkNamespaces namespaces;
    private final Set<Integer> faulted = new LinkedHashSet<>();
    private String description = "none";

    NetworkFault(NetworkNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** Node {@code node} loses its network: neither the other nodes nor the host (clients) reach it. */
    void isolate(int node) {
        install(node, "iifname \"eth0\" drop", "oifname \"eth0\" drop");
        description = "node " + node + " cut from everything";
    }

    /** Node {@code node} loses the other nodes, while the host (clients) still reaches it: a zombie leader's view. */
    void cutFromPeers(int node) {
        String peers = peersOf(node);
        install(node, "ip saddr { " + peers + " } drop", "ip daddr { " + peers + " } drop");
        description = "node " + node + " cut from the other nodes, clients still reach it";
    }

    /** Nodes {@code a} and {@code b} cannot see each other; both still see every other node and the host. */
    void bridge(int a, int b) {
        install(a, "ip saddr " + NetworkNamespaces.address(b) + " drop", "ip daddr " + NetworkNamespaces.address(b) + " drop");
        install(b, "ip saddr " + NetworkNamespaces.address(a) + " drop", "ip daddr " + NetworkNamespaces.address(a) + " drop");
        description = "nodes " + a + " and " + b + " cannot see each other, both see the rest";
    }

    /** Removes every rule this object installed (a namespace already gone is no error). */
    void heal() {
        for (int node : faulted) {
            namespaces.exec(node, List.of("nft", "delete", "table", "inet", TABLE));
        }
        faulted.clear();
        description = "none";
    }

    String description() {
        return description;
    }

    private void install(int node, String inputRule, String outputRule) {
        String script = "table inet " + TABLE + " {\n"
                + "  chain input { type filter hook input priority -10; policy accept; " + inputRule + "; }\n"
                + "  chain output { type filter hook output priority -10; policy accept; " + outputRule + "; }\n"
                + "}\n";
        faulted.add(node);
        namespaces.execOrFail(node, List.of("nft", script));
    }

    private String peersOf(int node) {
        return java.util.stream.IntStream.rangeClosed(1, namespaces.size()).filter(i -> i != node)
                .mapToObj(NetworkNamespaces::address).collect(Collectors.joining(", "));
    }
}
