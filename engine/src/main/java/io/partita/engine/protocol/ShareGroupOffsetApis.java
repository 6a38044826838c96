package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.sharestate.ShareStateStore;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Map;

/**
 * The share group offset APIs (KIP-932, with KIP-1226's lag): DescribeShareGroupOffsets, AlterShareGroupOffsets and
 * DeleteShareGroupOffsets, served by the group coordinator over the share-partition state kept at the share
 * coordinators, and the deletion of that state that DeleteGroups does first ({@link #stateDeletion()}, for
 * {@link GroupApis}). Served at the versions Kafka 4.4 advertises. Immutable; its handlers are safe on any thread.
 */
public final class ShareGroupOffsetApis {

    private final Map<ApiKeys, ApiHandler> handlers;
    private final ShareGroupStates states;

    /**
     * @param states         the share coordinators' state, wherever each share partition's is kept
     * @param highWatermarks the high watermarks lags are counted up to
     * @param auth           what each request's principal may do with groups and topics
     */
    public ShareGroupOffsetApis(GroupCoordinator coordinator, GroupTopics topics, ShareStateStore states,
                                HighWatermarks highWatermarks, RequestAuthorizer auth) {
        this.states = new ShareGroupStates(states, topics);
        this.handlers = Map.of(
                ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, new DescribeShareGroupOffsetsHandler(coordinator, topics, this.states,
                        highWatermarks, auth),
                ApiKeys.ALTER_SHARE_GROUP_OFFSETS, new AlterShareGroupOffsetsHandler(coordinator, topics, this.states, auth),
                ApiKeys.DELETE_SHARE_GROUP_OFFSETS, new DeleteShareGroupOffsetsHandler(coordinator, topics, this.states, auth));
    }

    public Map<ApiKeys, ApiHandler> handlers() {
        return handlers;
    }

    /** Deletes the share-partition state of share groups before DeleteGroups deletes them. */
    public ShareGroupStateDeletion stateDeletion() {
        return states::deleteGroups;
    }
}
