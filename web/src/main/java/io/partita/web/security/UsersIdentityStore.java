package io.partita.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Set;

/**
 * Jakarta Security's view of {@link Users}: a user's group is their role. Validates {@link ClientLogin}s only (the
 * address a login comes from may matter to its role). Stateless.
 */
@ApplicationScoped
public class UsersIdentityStore implements IdentityStore {

    @Inject
    Users users;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof ClientLogin login)) return CredentialValidationResult.NOT_VALIDATED_RESULT;
        return users.authenticate(login.getCaller(), login.getPasswordAsString(), login.from())
                .map(role -> new CredentialValidationResult(login.getCaller(), Set.of(role.roleName())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
