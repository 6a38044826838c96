package io.partita.engine.protocol;

import io.partita.engine.security.acl.AclStore;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.CreateAclsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * CreateAcls ({@code kafka-acls.sh --add}): stores each ACL in the cluster metadata on the metadata thread (it may
 * wait on the quorum), one result per ACL in request order; SECURITY_DISABLED for each without an authorizer, as
 * Kafka answers. Stateless.
 */
final class CreateAclsHandler implements ApiHandler {

    /** Kafka's message to CreateAcls and DeleteAcls without an authorizer. */
    static final String NO_AUTHORIZER = "No Authorizer is configured.";

    private final Optional<AclStore> acls;
    private final Executor metadataWrites;

    CreateAclsHandler(Optional<AclStore> acls, Executor metadataWrites) {
        this.acls = acls;
        this.metadataWrites = metadataWrites;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        List<CreateAclsRequestData.AclCreation> creations = ((CreateAclsRequest) request).data().creations();
        if (acls.isEmpty()) {
            return CompletableFuture.completedFuture(new CreateAclsResponse(new CreateAclsResponseData().setResults(
                    creations.stream().map(c -> new AclCreationResult().setErrorCode(Errors.SECURITY_DISABLED.code())
                            .setErrorMessage(NO_AUTHORIZER)).toList())));
        }
        List<AclBinding> bindings = creations.stream().map(CreateAclsRequest::aclBinding).toList();
        return CompletableFuture.supplyAsync(() -> {
            List<Optional<ApiException>> results = acls.get().create(bindings);
            return new CreateAclsResponse(new CreateAclsResponseData().setResults(results.stream().map(r -> r
                    .map(e -> new AclCreationResult().setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage()))
                    .orElseGet(AclCreationResult::new)).toList()));
        }, metadataWrites);
    }
}
