package io.partita.engine.security.acl;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/** Principals as ACLs and {@code super.users} write them, {@code Type:name}. Stateless. */
final class Principals {

    private Principals() {
    }

    /** @throws InvalidRequestException, with Kafka's message, when there is no colon */
    static KafkaPrincipal parse(String principal) {
        int colon = principal == null ? -1 : principal.indexOf(':');
        if (colon < 0) {
            throw new InvalidRequestException("Could not parse principal from `" + principal + "` (no colon is present "
                    + "separating the principal type from the principal name)");
        }
        return new KafkaPrincipal(principal.substring(0, colon), principal.substring(colon + 1));
    }
}
