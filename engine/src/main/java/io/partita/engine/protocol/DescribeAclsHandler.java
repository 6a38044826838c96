package io.partita.engine.protocol;

import io.partita.engine.security.acl.AclStore;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeAclsRequest;
import org.apache.kafka.common.requests.DescribeAclsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeAcls ({@code kafka-acls.sh --list}): the cluster's ACLs matching the request's filter, read from this
 * node's copy; SECURITY_DISABLED without an authorizer, as Kafka answers. Stateless.
 */
final class DescribeAclsHandler implements ApiHandler {

    private static final String NO_AUTHORIZER = "No Authorizer is configured on the broker";

    private final Optional<AclStore> acls;

    DescribeAclsHandler(Optional<AclStore> acls) {
        this.acls = acls;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeAclsRequest describe = (DescribeAclsRequest) request;
        DescribeAclsResponseData data = new DescribeAclsResponseData();
        acls.ifPresentOrElse(
                store -> data.setResources(DescribeAclsResponse.aclsResources(store.describe(describe.filter()))),
                () -> data.setErrorCode(Errors.SECURITY_DISABLED.code()).setErrorMessage(NO_AUTHORIZER));
        return CompletableFuture.completedFuture(new DescribeAclsResponse(data, request.version()));
    }
}
