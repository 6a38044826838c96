package io.partita.engine.group;

/** One group as ListGroups shows it. {@code protocolType} is empty when no member ever joined. */
public record GroupListing(String groupId, String protocolType, GroupState state) {
}
