package io.partita.engine.group;

import java.util.Objects;

/**
 * One assignment protocol a member supports (for consumers: an assignor name such as {@code range}) with the
 * member's opaque metadata for it. The array is owned by the group once handed over: callers must not change it.
 */
public record MemberProtocol(String name, byte[] metadata) {

    public MemberProtocol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
    }
}
