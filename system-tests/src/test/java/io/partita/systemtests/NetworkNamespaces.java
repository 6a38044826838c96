package io.partita.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A host bridge and network namespaces on it, one per node, in the private subnet 10.251.77.0/28 that nothing else on
 * the machine uses: the bridge is 10.251.77.1 (the host, where the test's clients run), namespace {@code i} is
 * {@code ns-partita-i} at 10.251.77.(10+i) behind a veth pair {@code vh-partita-i} (host side, on the bridge) /
 * {@code eth0} (inside). Every node reaches the others and the host over the bridge, as separate hosts on one
 * switch would. {@link #create} first removes what an earlier, aborted run left (processes inside the namespaces
 * included); {@link #close()} removes everything again, nft tables inside the namespaces going with them. Needs root,
 * {@code ip} and {@code nft}. Not thread-safe.
 */
final class NetworkNamespaces implements AutoCloseable {

    static final String SUBNET_PREFIX = "10.251.77.";
    static final String HOST_ADDRESS = SUBNET_PREFIX + "1";
    private static final String BRIDGE = "br-partita";
    private static final int PREFIX_LENGTH = 28;
    private static final int MAX_NODES = 3;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final int size;

    private NetworkNamespaces(int size) {
        this.size = size;
    }

    /** Whether this machine can run the namespaces: root, with {@code ip} and {@code nft} on the path. */
    static String unavailableReason() {
        ToolRun id = run(List.of("id", "-u"));
        if (id.exitCode() != 0 || !id.stdout().strip().equals("0")) return "needs root (network namespaces, nftables)";
        for (String tool : List.of("ip", "nft")) {
            if (run(List.of("sh", "-c", "command -v " + tool)).exitCode() != 0) {
                return "needs '" + tool + "' (apt-get install -y " + (tool.equals("ip") ? "iproute2" : "nftables") + ")";
            }
        }
        return null;
    }

    /** Creates the bridge and {@code size} namespaces (at most 3), after removing leftovers of an earlier run. */
    static NetworkNamespaces create(int size) {
        if (size < 1 || size > MAX_NODES) throw new IllegalArgumentException("1 to " + MAX_NODES + " namespaces, not " + size);
        removeLeftovers();
        NetworkNamespaces namespaces = new NetworkNamespaces(size);
        try {
            must(List.of("ip", "link", "add", BRIDGE, "type", "bridge"));
            must(List.of("ip", "addr", "add", HOST_ADDRESS + "/" + PREFIX_LENGTH, "dev", BRIDGE));
            must(List.of("ip", "link", "set", BRIDGE, "up"));
            for (int i = 1; i <= size; i++) {
                String ns = name(i);
                must(List.of("ip", "netns", "add", ns));
                must(List.of("ip", "link", "add", hostVeth(i), "type", "veth", "peer", "name", "eth0", "netns", ns));
                must(List.of("ip", "link", "set", hostVeth(i), "master", BRIDGE, "up"));
                must(List.of("ip", "-n", ns, "addr", "add", address(i) + "/" + PREFIX_LENGTH, "dev", "eth0"));
                must(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
                must(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
            }
            return namespaces;
        } catch (RuntimeException | AssertionError e) {
            namespaces.close();
            throw e;
        }
    }

    static String name(int node) {
        return "ns-partita-" + node;
    }

    static String address(int node) {
        return SUBNET_PREFIX + (10 + node);
    }

    int size() {
        return size;
    }

    /** What puts a command into namespace {@code node}: {@code ip netns exec ns-partita-<node>}. */
    List<String> execPrefix(int node) {
        return List.of("ip", "netns", "exec", name(node));
    }

    /** Runs {@code command} inside namespace {@code node}, with a deadline. */
    ToolRun exec(int node, List<String> command) {
        List<String> full = new ArrayList<>(execPrefix(node));
        full.addAll(command);
        return run(full);
    }

    /** Runs {@code command} inside namespace {@code node} and fails unless it succeeds. */
    void execOrFail(int node, List<String> command) {
        ToolRun result = exec(node, command);
        if (result.exitCode() != 0) throw new AssertionError("failed in " + name(node) + ":\n" + result);
    }

    @Override
    public void close() {
        removeLeftovers();
    }

    /**
     * Removes every namespace, veth and the bridge of this class, killing processes still inside a namespace first
     * (nodes of an aborted run). Each step is attempted whatever the others did.
     */
    static void removeLeftovers() {
        for (int i = 1; i <= MAX_NODES; i++) {
            String ns = name(i);
            if (!exists(List.of("ip", "netns", "list"), ns)) continue;
            for (int attempt = 0; attempt < 3; attempt++) {
                List<String> pids = run(List.of("ip", "netns", "pids", ns)).lines();
                if (pids.isEmpty()) break;
                List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
                kill.addAll(pids);
                run(kill);
                pids.forEach(pid -> ProcessHandle.of(Long.parseLong(pid.strip()))
                        .ifPresent(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                                .exceptionally(t -> p).join()));
            }
            run(List.of("ip", "netns", "del", ns));
        }
        for (int i = 1; i <= MAX_NODES; i++) {
            if (exists(List.of("ip", "-br", "link"), hostVeth(i))) run(List.of("ip", "link", "del", hostVeth(i)));
        }
        if (exists(List.of("ip", "-br", "link"), BRIDGE)) run(List.of("ip", "link", "del", BRIDGE));
    }

    /** What is left of this class's namespaces and links (empty when clean), for a final check. */
    static List<String> leftovers() {
        List<String> found = new ArrayList<>();
        for (int i = 1; i <= MAX_NODES; i++) {
            if (exists(List.of("ip", "netns", "list"), name(i))) found.add("namespace " + name(i));
            if (exists(List.of("ip", "-br", "link"), hostVeth(i))) found.add("link " + hostVeth(i));
        }
        if (exists(List.of("ip", "-br", "link"), BRIDGE)) found.add("link " + BRIDGE);
        return found;
    }

    private static String hostVeth(int node) {
        return "vh-partita-" + node;
    }

    /** Whether a line of {@code listing}'s output starts with {@code name} (as a whole word). */
    private static boolean exists(List<String> listing, String name) {
        return run(listing).lines().stream().map(String::strip)
                .anyMatch(line -> line.equals(name) || line.startsWith(name + " ") || line.startsWith(name + "@"));
    }

    private static void must(List<String> command) {
        ToolRun result = run(command);
        if (result.exitCode() != 0) throw new AssertionError("network set-up failed:\n" + result);
    }

    private static ToolRun run(List<String> command) {
        return Processes.run(command, "", COMMAND_TIMEOUT, Map.of());
    }
}
