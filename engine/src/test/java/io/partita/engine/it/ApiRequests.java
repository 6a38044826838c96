package io.partita.engine.it;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * How to make a real, valid request of one API at any of its versions, about the state of an {@link ApiFixture},
 * and which errors its answer may carry besides NONE (a request whose point is an error, such as a preferred
 * leader election that is not needed). Immutable.
 *
 * @param at             makes the request at a version, after setting up what it refers to
 * @param expectedErrors what the answer may carry besides NONE
 */
record ApiRequests(RequestAt at, Set<Errors> expectedErrors) {

    /** Makes one request at one version; may send setup requests through the fixture first. */
    interface RequestAt {
        ApiMessage at(ApiFixture fixture, short version) throws Exception;
    }

    static ApiRequests of(RequestAt at, Errors... expectedErrors) {
        return new ApiRequests(at, Set.of(expectedErrors));
    }

    /** Every API this suite knows how to ask. */
    static Map<ApiKeys, ApiRequests> all() {
        Map<ApiKeys, ApiRequests> all = new EnumMap<>(ApiKeys.class);
        all.putAll(ClusterApiRequests.all());
        all.putAll(RecordApiRequests.all());
        all.putAll(TopicApiRequests.all());
        all.putAll(GroupApiRequests.all());
        all.putAll(TransactionApiRequests.all());
        all.putAll(AclApiRequests.all());
        all.putAll(ClientQuotaApiRequests.all());
        all.putAll(SecurityApiRequests.all());
        all.putAll(ShareApiRequests.all());
        return all;
    }
}
