package io.partita.engine.protocol;

import io.partita.engine.security.acl.AclStore;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * DeleteAcls ({@code kafka-acls.sh --remove}): removes the ACLs matching each filter on the metadata thread (it may
 * wait on the quorum) and answers, per filter, the ACLs it removed; SECURITY_DISABLED for each filter without an
 * authorizer, as Kafka answers. Stateless.
 */
final class DeleteAclsHandler implements ApiHandler {

    private final Optional<AclStore> acls;
    private final Executor metadataWrites;

    DeleteAclsHandler(Optional<AclStore> acls, Executor metadataWrites) {
        this.acls = acls;
        this.metadataWrites = metadataWrites;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        List<AclBindingFilter> filters = ((DeleteAclsRequest) request).filters();
        if (acls.isEmpty()) {
            return CompletableFuture.completedFuture(new DeleteAclsResponse(new DeleteAclsResponseData().setFilterResults(
                    filters.stream().map(f -> new DeleteAclsFilterResult().setErrorCode(Errors.SECURITY_DISABLED.code())
                            .setErrorMessage(CreateAclsHandler.NO_AUTHORIZER)).toList()), request.version()));
        }
        return CompletableFuture.supplyAsync(() -> new DeleteAclsResponse(new DeleteAclsResponseData().setFilterResults(
                acls.get().delete(filters).stream().map(removed -> new DeleteAclsFilterResult().setMatchingAcls(removed.stream()
                        .map(b -> DeleteAclsResponse.matchingAcl(b, ApiError.NONE)).toList())).toList()), request.version()),
                metadataWrites);
    }
}
