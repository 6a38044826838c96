package io.partita.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Set;

/** Jakarta Security's view of {@link Users}: a user's group is their role. Stateless. */
@ApplicationScoped
public class UsersIdentityStore implements IdentityStore {

    @Inject
    Users users;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return users.authenticate(credential.getCaller(), credential.getPasswordAsString())
                .map(role -> new CredentialValidationResult(credential.getCaller(), Set.of(role.roleName())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
