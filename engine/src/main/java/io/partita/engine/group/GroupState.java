package io.partita.engine.group;

/** The states of Kafka's classic group protocol, with the names Kafka reports in DescribeGroups and ListGroups. */
public enum GroupState {
    /** No members; the group may still hold committed offsets. */
    EMPTY("Empty"),
    /** Waiting for every member to (re)join before the next generation starts. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** A generation started; waiting for the leader's assignment in SyncGroup. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Every member knows its assignment for the current generation. */
    STABLE("Stable"),
    /** Removed; a request that still reaches it is told to find the coordinator again. */
    DEAD("Dead");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    public String kafkaName() {
        return kafkaName;
    }
}
