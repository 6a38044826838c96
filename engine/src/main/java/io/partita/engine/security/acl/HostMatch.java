package io.partita.engine.security.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The host of an access control entry, as Kafka 4.4 matches it against a client's address: {@code *} matches every
 * client, an IP address that address, a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}) the addresses in it; a host
 * name matches no client (Kafka compares addresses). Immutable; {@link #matches} allocates nothing but for a range.
 */
final class HostMatch {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.%]*:[0-9a-fA-F:.%]*");
    static final HostMatch ANY = new HostMatch(null, -1, false);

    /** The address, or the range's network address; null for any host or one that matches nothing. */
    private final InetAddress address;
    /** The range's prefix length in bits, -1 for a single address. */
    private final int prefixBits;
    private final boolean none;

    private HostMatch(InetAddress address, int prefixBits, boolean none) {
        this.address = address;
        this.prefixBits = prefixBits;
        this.none = none;
    }

    static HostMatch of(String host) {
        if ("*".equals(host)) return ANY;
        int slash = host.indexOf('/');
        InetAddress address = ipAddress(slash < 0 ? host : host.substring(0, slash));
        if (address == null) return new HostMatch(null, -1, true);
        if (slash < 0) return new HostMatch(address, -1, false);
        try {
            int bits = Integer.parseInt(host.substring(slash + 1));
            if (bits < 0 || bits > address.getAddress().length * 8) return new HostMatch(null, -1, true);
            return new HostMatch(address, bits, false);
        } catch (NumberFormatException e) {
            return new HostMatch(null, -1, true);
        }
    }

    boolean matches(InetAddress client) {
        if (none) return false;
        if (address == null) return true;
        if (prefixBits < 0) return address.equals(client);
        byte[] network = address.getAddress();
        byte[] candidate = client.getAddress();
        if (network.length != candidate.length) return false;
        int whole = prefixBits / 8;
        for (int i = 0; i < whole; i++) if (network[i] != candidate[i]) return false;
        int rest = prefixBits % 8;
        if (rest == 0) return true;
        int mask = 0xff << (8 - rest);
        return (network[whole] & mask) == (candidate[whole] & mask);
    }

    private static InetAddress ipAddress(String host) {
        if (!IP_LITERAL.matcher(host).matches()) return null;
        try {
            return InetAddress.getByName(host); // an IP literal: no name lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
