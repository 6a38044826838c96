package io.partita.engine.share;

/**
 * What a share consumer says of records it acquired, by the ids Kafka's ShareFetch and ShareAcknowledge carry.
 * {@code GAP} marks offsets that hold no record (compacted away, transaction markers); {@code RENEW} extends the
 * acquisition lock without ending it.
 */
public enum AcknowledgeType {
    GAP, ACCEPT, RELEASE, REJECT, RENEW;

    /** @throws IllegalArgumentException for an id no type has */
    public static AcknowledgeType forId(byte id) {
        AcknowledgeType[] types = values();
        if (id < 0 || id >= types.length) throw new IllegalArgumentException("Unknown acknowledge type " + id);
        return types[id];
    }
}
