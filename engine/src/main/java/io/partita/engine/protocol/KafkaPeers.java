package io.partita.engine.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.partita.engine.cluster.BrokerEndpoint;
import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.replication.LeaderLink;
import io.partita.engine.security.PeerSecurity;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * This node's client side towards the other brokers: opens {@link LeaderLink}s for its replica fetchers and
 * connections for the transaction coordinator's markers, all served by one Netty event loop on a thread taken
 * from the host. Replication traffic is a few long polls per
 * leader, so one loop is plenty; appending what they bring is a local file write, done on it too.
 */
public final class KafkaPeers implements LeaderLink.Connector, AutoCloseable {

    private final EventLoopGroup loop;
    private final int replicaFetchMaxBytes;
    private final PeerSecurity security;

    /**
     * @param replicaFetchMaxBytes {@code replica.fetch.max.bytes}: the most a follower asks for per partition
     * @param security             how to reach and authenticate to the other brokers' inter-broker listener
     */
    public KafkaPeers(Executor threads, int replicaFetchMaxBytes, PeerSecurity security) {
        this.loop = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
        this.replicaFetchMaxBytes = replicaFetchMaxBytes;
        this.security = security;
    }

    @Override
    public LeaderLink connect(BrokerInfo leader, int replicaId) {
        return new PeerLeaderLink(connect(leader, "partita-replica-" + replicaId), replicaId, replicaFetchMaxBytes);
    }

    /**
     * A connection to another broker's inter-broker listener (for replication, and for requests of this node's own:
     * transaction markers), on the same loop.
     */
    PeerConnection connect(BrokerInfo broker, String clientId) {
        BrokerEndpoint endpoint = broker.endpoint(security.listener().name()).orElse(new BrokerEndpoint(broker.host(), broker.port()));
        return new PeerConnection(loop, endpoint.host(), endpoint.port(), clientId, security);
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
