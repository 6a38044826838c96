package io.partita.engine.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.replication.LeaderLink;

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

    /**
     * @param replicaFetchMaxBytes {@code replica.fetch.max.bytes}: the most a follower asks for per partition
     */
    public KafkaPeers(Executor threads, int replicaFetchMaxBytes) {
        this.loop = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
        this.replicaFetchMaxBytes = replicaFetchMaxBytes;
    }

    @Override
    public LeaderLink connect(BrokerInfo leader, int replicaId) {
        return new PeerLeaderLink(new PeerConnection(loop, leader.host(), leader.port(), "partita-replica-" + replicaId), replicaId,
                replicaFetchMaxBytes);
    }

    /** A connection to another broker for requests of this node's own (transaction markers), on the same loop. */
    PeerConnection connect(BrokerInfo broker, String clientId) {
        return new PeerConnection(loop, broker.host(), broker.port(), clientId);
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
