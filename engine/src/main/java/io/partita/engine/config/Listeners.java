package io.partita.engine.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Kafka's listener settings: {@code listeners} ({@code NAME://host:port,...}; an empty host binds every
 * interface), {@code advertised.listeners} (by default the listeners themselves), {@code listener.security.protocol.map}
 * ({@code NAME:PROTOCOL,...}) and the inter-broker listener ({@code inter.broker.listener.name}, else the listener named
 * as {@code security.inter.broker.protocol}). Without {@code listeners}, {@code listener.host}, {@code listener.port}
 * and {@code advertised.host} make one PLAINTEXT listener. Stateless.
 */
final class Listeners {

    private static final Pattern ENDPOINT = Pattern.compile("^([a-zA-Z][\\w-]*)://(\\[[0-9a-fA-F:.%\\w]*]|[^:\\[\\]/]*):(-?\\d+)$");

    private Listeners() {
    }

    /**
     * @param listeners         {@code listeners}; blank for the legacy single listener
     * @param advertised        {@code advertised.listeners}; blank to advertise the listeners
     * @param protocolMap       {@code listener.security.protocol.map}
     * @param legacy            the single listener made from {@code listener.host}, {@code listener.port} and
     *                          {@code advertised.host}, used when {@code listeners} is blank
     * @throws ConfigException naming the setting when a value is malformed or inconsistent
     */
    static List<ListenerConfig> parse(String listeners, String advertised, String protocolMap, ListenerConfig legacy) {
        if (listeners == null || listeners.isBlank()) return List.of(legacy);
        Map<String, SecurityProtocol> protocols = protocolMap(protocolMap);
        Map<String, String[]> bound = endpoints(NodeConfig.LISTENERS, listeners);
        Map<String, String[]> told = advertised == null || advertised.isBlank() ? bound : endpoints(NodeConfig.ADVERTISED_LISTENERS, advertised);
        for (String name : told.keySet()) {
            if (!bound.containsKey(name)) {
                throw new ConfigException(NodeConfig.ADVERTISED_LISTENERS, advertised, "listener " + name + " is not among the listeners");
            }
        }
        List<ListenerConfig> result = new ArrayList<>();
        bound.forEach((name, endpoint) -> {
            SecurityProtocol protocol = protocols.get(name);
            if (protocol == null) {
                throw new ConfigException(NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, protocolMap,
                        "no security protocol defined for listener " + name);
            }
            String[] advertisedEndpoint = told.get(name);
            String advertisedHost = advertisedEndpoint != null ? advertisedEndpoint[0] : endpoint[0];
            int advertisedPort = advertisedEndpoint != null ? Integer.parseInt(advertisedEndpoint[1]) : 0;
            if (advertisedHost.isEmpty()) advertisedHost = localHostName();
            result.add(new ListenerConfig(name, protocol, endpoint[0], Integer.parseInt(endpoint[1]), advertisedHost, advertisedPort));
        });
        return List.copyOf(result);
    }

    /** The inter-broker listener among {@code listeners}. */
    static ListenerConfig interBroker(List<ListenerConfig> listeners, String interBrokerName, String interBrokerProtocol) {
        String name = interBrokerName == null || interBrokerName.isBlank()
                ? interBrokerProtocol.toUpperCase(Locale.ROOT) : interBrokerName.toUpperCase(Locale.ROOT);
        String setting = interBrokerName == null || interBrokerName.isBlank() ? NodeConfig.SECURITY_INTER_BROKER_PROTOCOL
                : NodeConfig.INTER_BROKER_LISTENER_NAME;
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new ConfigException(setting,
                name, "the inter-broker listener must be one of the listeners: "
                        + listeners.stream().map(ListenerConfig::name).toList()));
    }

    private static Map<String, SecurityProtocol> protocolMap(String map) {
        Map<String, SecurityProtocol> result = new LinkedHashMap<>();
        for (String entry : map.split(",")) {
            if (entry.isBlank()) continue;
            String[] parts = entry.strip().split(":");
            if (parts.length != 2) {
                throw new ConfigException(NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, map, "expected NAME:PROTOCOL, got '" + entry.strip() + "'");
            }
            try {
                result.put(ListenerName.normalised(parts[0].strip()).value(), SecurityProtocol.forName(parts[1].strip()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, map, "unknown security protocol " + parts[1].strip());
            }
        }
        return result;
    }

    /** Listener name to {host, port}, in the order given. */
    private static Map<String, String[]> endpoints(String setting, String value) {
        Map<String, String[]> result = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) continue;
            Matcher m = ENDPOINT.matcher(entry.strip());
            if (!m.matches()) throw new ConfigException(setting, value, "expected NAME://host:port, got '" + entry.strip() + "'");
            String name = ListenerName.normalised(m.group(1)).value();
            String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
            int port = Integer.parseInt(m.group(3));
            if (port < 0 || port > 65535) throw new ConfigException(setting, value, "port " + port + " of " + name + " is out of range");
            if (result.put(name, new String[]{host, Integer.toString(port)}) != null) {
                throw new ConfigException(setting, value, "listener " + name + " appears more than once");
            }
        }
        if (result.isEmpty()) throw new ConfigException(setting, value, "no listener given");
        return result;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
