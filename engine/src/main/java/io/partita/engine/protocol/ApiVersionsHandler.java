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
 * Answers ApiVersions with exactly the registered APIs, and the feature {@code group.version} at level 1 (the
 * consumer group protocol is served). A request at a version this node does not know is
 * answered at v0 with UNSUPPORTED_VERSION, so the client retries at a version both know (KIP-511).
 */
final class ApiVersionsHandler implements ApiHandler {

    /**
     * {@code group.version} 1 is what Kafka 4.4 finalizes when the consumer group protocol (KIP-848) is on; the
     * features never change here, so their epoch stays at its first value.
     */
    private static final String GROUP_VERSION = "group.version";
    private static final short GROUP_VERSION_LEVEL = 1;
    private static final long FEATURES_EPOCH = 0;

    private final SupportedApis apis;

    ApiVersionsHandler(SupportedApis apis) {
        this.apis = apis;
    }

    private static ApiVersionsResponseData.SupportedFeatureKeyCollection supportedFeatures() {
        ApiVersionsResponseData.SupportedFeatureKeyCollection features = new ApiVersionsResponseData.SupportedFeatureKeyCollection();
        features.add(new ApiVersionsResponseData.SupportedFeatureKey().setName(GROUP_VERSION)
                .setMinVersion((short) 0).setMaxVersion(GROUP_VERSION_LEVEL));
        return features;
    }

    private static ApiVersionsResponseData.FinalizedFeatureKeyCollection finalizedFeatures() {
        ApiVersionsResponseData.FinalizedFeatureKeyCollection features = new ApiVersionsResponseData.FinalizedFeatureKeyCollection();
        features.add(new ApiVersionsResponseData.FinalizedFeatureKey().setName(GROUP_VERSION)
                .setMinVersionLevel(GROUP_VERSION_LEVEL).setMaxVersionLevel(GROUP_VERSION_LEVEL));
        return features;
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
                .setSupportedFeatures(supportedFeatures())
                .setFinalizedFeatures(finalizedFeatures())
                .setFinalizedFeaturesEpoch(FEATURES_EPOCH)));
    }
}
