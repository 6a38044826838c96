package io.partita.engine.protocol;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers ApiVersions with exactly the registered APIs, and the feature {@code group.version} at level 1 (the
 * consumer group protocol is served). A request at a version this node does not know is
 * answered at v0 with UNSUPPORTED_VERSION, so the client retries at a version both know (KIP-511).
 */
final class ApiVersionsHandler implements ApiHandler {

    /**
     * The feature levels a Kafka 4.4 cluster finalizes: the consumer group protocol (KIP-848, {@code group.version} 1)
     * and share groups with renewed acknowledgements and record-limit fetches ({@code share.version} 2); they never
     * change here, so their epoch stays at its first value.
     */
    private static final Map<String, Short> FEATURES = Map.of("group.version", (short) 1, "share.version", (short) 2);
    private static final long FEATURES_EPOCH = 0;

    private final SupportedApis apis;

    ApiVersionsHandler(SupportedApis apis) {
        this.apis = apis;
    }

    private static ApiVersionsResponseData.SupportedFeatureKeyCollection supportedFeatures() {
        ApiVersionsResponseData.SupportedFeatureKeyCollection features = new ApiVersionsResponseData.SupportedFeatureKeyCollection();
        FEATURES.forEach((name, level) -> features.add(new ApiVersionsResponseData.SupportedFeatureKey().setName(name)
                .setMinVersion((short) 0).setMaxVersion(level)));
        return features;
    }

    private static ApiVersionsResponseData.FinalizedFeatureKeyCollection finalizedFeatures() {
        ApiVersionsResponseData.FinalizedFeatureKeyCollection features = new ApiVersionsResponseData.FinalizedFeatureKeyCollection();
        FEATURES.forEach((name, level) -> features.add(new ApiVersionsResponseData.FinalizedFeatureKey().setName(name)
                .setMinVersionLevel(level).setMaxVersionLevel(level)));
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
