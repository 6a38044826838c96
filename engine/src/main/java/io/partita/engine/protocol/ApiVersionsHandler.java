package io.partita.engine.protocol;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/**
 * Answers ApiVersions with exactly the registered APIs. A request at a version this node does not know is
 * answered at v0 with UNSUPPORTED_VERSION, so the client retries at a version both know (KIP-511).
 */
final class ApiVersionsHandler implements ApiHandler {

    private final SupportedApis apis;

    ApiVersionsHandler(SupportedApis apis) {
        this.apis = apis;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ApiVersionsRequest r = (ApiVersionsRequest) request;
        if (r.hasUnsupportedRequestVersion()) {
            return CompletableFuture.completedFuture(r.getErrorResponse(0,
                    new UnsupportedVersionException("ApiVersions v" + r.version() + " is not supported")));
        }
        if (!r.isValid()) {
            return CompletableFuture.completedFuture(r.getErrorResponse(0,
                    new InvalidRequestException("invalid client software name or version")));
        }
        return CompletableFuture.completedFuture(new ApiVersionsResponse(new ApiVersionsResponseData()
                .setApiKeys(apis.advertised())
                .setFinalizedFeaturesEpoch(ApiVersionsResponse.UNKNOWN_FINALIZED_FEATURES_EPOCH)));
    }
}
