package io.partita.engine.protocol;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.cluster.ClusterMetadata;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
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
 * the cluster id, as Metadata reports them, and the cluster operations the principal may perform when asked (none
 * unless it may DESCRIBE the cluster, as Kafka answers).
 */
final class DescribeClusterHandler implements ApiHandler {

    private final ClusterMetadata cluster;
    private final RequestAuthorizer auth;

    DescribeClusterHandler(ClusterMetadata cluster, RequestAuthorizer auth) {
        this.auth = auth;
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
        if (r.data().includeClusterAuthorizedOperations()) {
            data.setClusterAuthorizedOperations(auth.cluster(context, AclOperation.DESCRIBE)
                    ? auth.authorizedOperations(context, ResourceType.CLUSTER, Resource.CLUSTER_NAME) : 0);
        }
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }
}
