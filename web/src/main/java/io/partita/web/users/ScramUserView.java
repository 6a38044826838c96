package io.partita.web.users;

import java.util.List;

/**
 * A user with SCRAM credentials in {@code GET /api/users}. Immutable.
 *
 * @param name        the user name ({@code User:<name>} in ACLs)
 * @param credentials one per mechanism the user has a credential for
 */
public record ScramUserView(String name, List<Credential> credentials) {

    /**
     * One stored credential: never the password, only how it was salted and hashed.
     *
     * @param mechanism  {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     * @param iterations the salted password's iterations
     */
    public record Credential(String mechanism, int iterations) {
    }
}
