package io.partita.engine.protocol;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.cluster.ClusterMetadata;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/**
 * DescribeCluster: the live brokers (at their endpoints of the listener the request came in on), the controller and
 * the cluster id, as Metadata reports them.
 */
final class DescribeClusterHandler implements ApiHandler {

    private final ClusterMetadata cluster;

    DescribeClusterHandler(ClusterMetadata cluster) {
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeClusterRequest r = (DescribeClusterRequest) request;
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setEndpointType(r.data().endpointType());
        for (BrokerInfo b : cluster.servingBrokers()) {
            b.endpoint(context.listenerName.value()).ifPresent(e -> data.brokers().add(new DescribeClusterBroker()
                    .setBrokerId(b.nodeId()).setHost(e.host()).setPort(e.port()).setRack(b.rack())));
        }
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }
}
