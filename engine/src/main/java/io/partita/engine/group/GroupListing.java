package io.partita.engine.group;

/**
 * One group as ListGroups shows it.
 *
 * @param type         {@value #CLASSIC_TYPE}, {@value #CONSUMER_TYPE} or {@value #SHARE_TYPE} (the group protocol, as
 *                     KIP-848 and KIP-932 name it)
 * @param protocolType empty when no member ever joined
 * @param state        Kafka's name of the group's state
 */
public record GroupListing(String groupId, String type, String protocolType, String state) {

    public static final String CLASSIC_TYPE = "classic";
    public static final String CONSUMER_TYPE = "consumer";
    public static final String SHARE_TYPE = "share";

    /** A classic group. */
    public GroupListing(String groupId, String protocolType, GroupState state) {
        this(groupId, CLASSIC_TYPE, protocolType, state.kafkaName());
    }
}
